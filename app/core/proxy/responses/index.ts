/** The Responses API served over Chat Completions: what the proxy imports. */
export { handleResponsesViaChat, type HandlerOptions, type SendUpstream, type TranslatedOutcome, type UpstreamReply } from './handler.js';
export { serveResponses, type ForwardReply, type ForwardedUsage, type ServeOptions, type ServedOutcome } from './route.js';
export { ResponsesSupport, isResponsesNotServed, needsBodyToDecide, type ResponsesMode, type ResponsesRoute } from './support.js';
export { responsesToChatRequest, type RequestEcho, type TranslatedRequest } from './request.js';
export { chatCompletionToResponse } from './response.js';
export { ChatToResponsesStream } from './stream.js';
export { toResponsesErrorBody } from './errors.js';
export { counterIds, createResponseContext, randomId, type IdSource, type ResponseContext } from './context.js';
