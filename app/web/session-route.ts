/**
 * `POST /api/session` with JSON `{token}`: the page trades a printed one-time token for the session secret
 * (each token once), then sends that secret in the session header. Called after the Host and Origin checks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionGrant } from '../contract/web-session.js';
import { sendError, sendReply } from './api-route.js';
import { BodyTooLarge, isJson, readBody } from './request-body.js';
import type { SessionMessages } from './session-messages.js';
import type { LoginTokens } from './login-tokens.js';

/** A token and some JSON around it: far below the API's limit, and nothing bigger is worth reading. */
const MAX_TRADE_BYTES = 4 * 1024;

function tokenFrom(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { token?: unknown } | null;
    return typeof parsed?.token === 'string' ? parsed.token : null;
  } catch {
    return null;
  }
}

/**
 * Answers the trade: 200 with the secret for a token not used yet, 403 (already used, expired) or 401 (wrong)
 * otherwise. Every token opens the same per-run session. A tab that
 * reopens the printed URL sends the secret it holds along: proven, it gets the same secret back without a
 * refusal (and a stale secret from an earlier run still lets a new token be traded).
 */
export async function handleSessionTrade(
  req: IncomingMessage,
  res: ServerResponse,
  login: LoginTokens,
  secret: string,
  hasSession: boolean,
  messages: SessionMessages,
): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendError(res, 405, 'bad_request', 'The session is opened with POST.');
    return;
  }
  if (!isJson(req.headers['content-type'])) {
    sendError(res, 415, 'bad_request', 'The session request must send content-type: application/json.');
    return;
  }
  let text: string;
  try {
    text = await readBody(req, MAX_TRADE_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) {
      res.destroy();
      return;
    }
    res.setHeader('Connection', 'close');
    sendError(res, 413, 'payload_too_large', 'The request body is too large.');
    return;
  }
  const token = tokenFrom(text);
  if (token === null) {
    sendError(res, 400, 'bad_request', 'The body must be JSON of the form {"token": "..."}.');
    return;
  }
  const use = hasSession ? 'accepted' : login.use(token);
  if (use === 'accepted') {
    const grant: SessionGrant = { session: secret };
    sendReply(res, 200, { ok: true, value: grant });
  } else if (use === 'already-used') sendError(res, 403, 'unauthorized', messages.alreadyUsed);
  else if (use === 'expired') sendError(res, 403, 'unauthorized', messages.expired);
  else sendError(res, 401, 'unauthorized', messages.wrongToken);
}
