// A live object on a page (a group, a bargain): a WebSocket to `<api>/live` pushes it on every
// change; if sockets fail (some in-app browsers and proxies drop them), it polls `<api>` instead,
// and tries the socket again later. `done()` says the object will not change any more.
export interface LiveFeed<T> {
  root: HTMLElement;
  /** The object's API path, e.g. /api/groups/<id>; the socket is this plus /live. */
  api: string;
  /** The object in a GET response, e.g. `(body) => body.group`. */
  pick: (body: unknown) => T;
  render: (value: T) => void;
  done: () => boolean;
}

const POLL_MS = 4000;
const RECONNECT_MS = 30_000;

/** Starts the feed; the returned function stops the polling (call it once the object is done). */
export function startLiveFeed<T>(feed: LiveFeed<T>): () => void {
  let pollTimer: number | undefined;

  async function poll() {
    try {
      const res = await fetch(feed.api, { headers: { accept: 'application/json' } });
      if (res.ok) feed.render(feed.pick(await res.json()));
    } catch {
      // offline for a moment; the next poll tries again
    }
  }

  function startPolling() {
    if (pollTimer !== undefined || feed.done()) return;
    feed.root.dataset.live = 'polling';
    void poll();
    pollTimer = window.setInterval(poll, POLL_MS);
  }

  function stopPolling() {
    if (pollTimer !== undefined) window.clearInterval(pollTimer);
    pollTimer = undefined;
  }

  function connect() {
    if (feed.done()) return;
    if (!('WebSocket' in window)) return startPolling();
    let ws: WebSocket;
    try {
      ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${feed.api}/live`);
    } catch {
      return startPolling();
    }
    ws.onopen = () => {
      feed.root.dataset.live = 'socket';
      stopPolling();
    };
    ws.onmessage = (e) => {
      try {
        feed.render(JSON.parse(String(e.data)) as T);
      } catch {
        // ignore a malformed frame
      }
    };
    ws.onclose = () => {
      if (feed.done()) return;
      startPolling();
      // Try the socket again later; polling covers the gap.
      window.setTimeout(connect, RECONNECT_MS);
    };
  }

  connect();
  return stopPolling;
}
