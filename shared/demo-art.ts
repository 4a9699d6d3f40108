// The demo catalog's product art (`/img/<palette>/<label>.svg`): one gradient per category. The
// SVG route draws it for pages, and share cards draw the same art natively in their own font.
export const ART_PALETTES: Record<string, [string, string]> = {
  tea: ['#2f7d4f', '#a8d5a2'],
  snacks: ['#e07a2f', '#ffd49a'],
  beauty: ['#c2417b', '#ffc2dc'],
  home: ['#3b6fb6', '#b9d4ff'],
  fruit: ['#d2412f', '#ffd1a6'],
  default: ['#6b5bd2', '#d8d2ff'],
};

export const artPalette = (name: string): [string, string] => ART_PALETTES[name] ?? ART_PALETTES.default!;
