// The poster button of the share sheet. A plain download link, so it works without JavaScript;
// in WeChat (where downloads are blocked) the island tells the buyer to long-press the poster.
const T = {
  save: '保存海报 · Save poster',
};

export function PosterButton(props: { url: string }) {
  return (
    <div class="poster">
      <a class="btn ghost" href={props.url} download="pinlink-poster.png" data-share-poster>
        {T.save}
      </a>
    </div>
  );
}
