// The og:image details preview bots need to show a large card: size, type and alt text.
export interface CardInfo {
  width: number;
  height: number;
  alt: string;
}

export function CardMeta(props: { card: CardInfo }) {
  return (
    <>
      <meta property="og:image:type" content="image/png" />
      <meta property="og:image:width" content={String(props.card.width)} />
      <meta property="og:image:height" content={String(props.card.height)} />
      <meta property="og:image:alt" content={props.card.alt} />
    </>
  );
}
