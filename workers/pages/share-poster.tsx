// The poster button of the share sheet. A plain download link, so it works without JavaScript;
// in WeChat (where downloads are blocked) the island tells the buyer to long-press the poster.
import { useT } from './i18n';

export function PosterButton(props: { url: string }) {
  const t = useT().share;
  return (
    <div class="poster">
      <a class="btn ghost" href={props.url} download="pinlink-poster.png" data-share-poster>
        {t.savePoster}
      </a>
    </div>
  );
}
