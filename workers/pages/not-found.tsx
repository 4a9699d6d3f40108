import { useT } from './i18n';
import { Layout, type Meta } from './layout';

export function NotFoundPage(props: { meta: Meta; message?: string }) {
  const t = useT().notFound;
  return (
    <Layout meta={props.meta}>
      <div class="empty">
        <h1>{t.heading}</h1>
        <p>{props.message ?? t.expired}</p>
        <p>
          <a class="btn primary" href="/">
            {t.home}
          </a>
        </p>
      </div>
    </Layout>
  );
}
