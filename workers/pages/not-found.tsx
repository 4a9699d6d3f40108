import { Layout, type Meta } from './layout';

export function NotFoundPage(props: { meta: Meta; message?: string }) {
  return (
    <Layout meta={props.meta}>
      <div class="empty">
        <h1>页面不存在 · Page not found</h1>
        <p>{props.message ?? '链接可能已失效。 The link may have expired.'}</p>
        <p>
          <a class="btn primary" href="/">
            去首页逛逛 · Go to the home page
          </a>
        </p>
      </div>
    </Layout>
  );
}
