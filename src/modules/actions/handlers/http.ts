// Outgoing HTTP for actions: every request carries the action's idempotency key, and the answer
// is sorted into done, a permanent failure (a 4xx a retry cannot fix) or a transient error that
// the job runner retries with backoff (network errors, timeouts, 5xx, 408, 429).
import { ActionFailure } from '../handler.ts';

export interface OutgoingRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

const TIMEOUT_MS = 15_000;

export async function sendHttp(req: OutgoingRequest, idempotencyKey: string): Promise<{ status: number; body: string }> {
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: { 'user-agent': 'Parley', ...req.headers, 'idempotency-key': idempotencyKey },
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : req.body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`${new URL(req.url).host} did not answer: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
  const body = (await res.text().catch(() => '')).slice(0, 300);
  if (res.status >= 200 && res.status < 300) return { status: res.status, body };
  const what = `HTTP ${res.status}${body ? `: ${body.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`;
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new ActionFailure(what);
  if (res.status >= 300 && res.status < 400) throw new ActionFailure(`${what} (redirects are not followed)`);
  throw new Error(what);
}

/** An http(s) URL, or a permanent failure saying what is wrong with it. */
export function checkUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ActionFailure(`${what} "${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ActionFailure(`${what} must be http or https, not ${url.protocol}`);
  return url;
}
