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

/**
 * WeChat's in-app browser ignores og:image and takes its share thumbnail from the first large
 * image in the page (at least 300 px, best square). This is the page's 600×600 square card, first
 * in <body>, not shown to readers.
 */
export function WeChatThumb(props: { cardUrl: string }) {
  const u = new URL(props.cardUrl);
  u.searchParams.set('square', '');
  return (
    <div hidden data-wechat-thumb>
      <img src={u.toString().replace(/square=$/, 'square')} width="600" height="600" alt="" />
    </div>
  );
}
