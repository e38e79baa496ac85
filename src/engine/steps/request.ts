import type { MultipartPart, RequestBody, RequestStep, Template } from '../../model/model.js';
import type { RunContext } from '../run-context.js';
import { currentConnector } from '../run-context.js';
import type { FlowScope } from '../flow-scope.js';
import type { StepOutcome } from '../run-steps.js';
import type { PreparedBody, PreparedPart, PreparedRequest, HttpResponse } from '../../http/prepared-request.js';
import { isFileHandle } from '../../model/file-handle.js';
import { RuntimeError } from '../../errors/runtime-error.js';
import { renderTemplateValue } from '../../template/compile-template.js';
import { paginate } from '../../http/paginate.js';
import { evaluateExplained, renderExplained, explain } from '../evaluate.js';
import { publicFields } from '../run-card.js';

/**
 * `request`: renders the templates, then sends through the connector's pipeline (auth, host guard, retries).
 * Output: `{status, headers, body}`; with `paginate`, also `items` (all pages) and `pages`.
 */
export async function executeRequest(step: RequestStep, scope: FlowScope, ctx: RunContext): Promise<StepOutcome> {
  const request = await prepareRequest(step, scope, ctx);
  const recorder = ctx.recorder;
  const noteSecrets = recorder?.secrets ? (values: readonly string[]) => recorder.secrets!(values) : undefined;
  const send = (r: PreparedRequest): Promise<HttpResponse> => ctx.services.requests.send(r, ctx.card, ctx.signal, noteSecrets);
  if (!step.paginate) {
    const response = await send(request);
    return { output: { status: response.status, headers: response.headers, body: response.body } };
  }
  const result = await paginate(request, step.paginate, send, (response) => ({ ...scope, status: response.status, headers: response.headers, body: response.body }));
  const last = result.last;
  return { output: { status: last.status, headers: last.headers, body: last.body, items: result.items, pages: result.pages, truncated: result.truncated ?? false } };
}

export async function prepareRequest(step: RequestStep, scope: FlowScope, ctx: RunContext): Promise<PreparedRequest> {
  const query: Record<string, string> = {};
  for (const [name, t] of Object.entries(step.query)) {
    const value = renderExplained(t, scope, ctx, `query ${name}`);
    if (value !== '') query[name] = value; // an empty value means "not given", as in the services' docs
  }
  const headers: Record<string, string> = {};
  // Connector-wide headers first; a step's header of the same name (in any letter case) replaces one.
  const stepHeaderNames = new Set(Object.keys(step.headers).map((n) => n.toLowerCase()));
  const connectorHeaders = Object.entries(currentConnector(ctx).headers).filter(([name]) => !stepHeaderNames.has(name.toLowerCase()));
  for (const [name, t] of [...connectorHeaders, ...Object.entries(step.headers)]) {
    const value = renderExplained(t, scope, ctx, `header ${name}`);
    if (/[\r\n]/.test(value)) {
      throw new RuntimeError('HTTP_HEADER_INVALID', `header ${name} would contain a line break`, { actor: 'user', origin: t.origin });
    }
    if (value !== '') headers[name] = value;
  }
  const prepared: PreparedRequest = {
    method: step.method,
    url: resolveUrl(step.url, scope, ctx),
    query,
    headers,
    body: step.body ? await prepareBody(step.body, scope, ctx) : undefined,
    responseType: step.response,
    timeoutMs: step.timeoutMs ?? currentConnector(ctx).timeoutMs,
    idempotent: step.idempotent ?? ctx.card.idempotent,
  };
  return prepared;
}

/** Absolute URLs are used as they are (the host guard still applies); paths are joined to the base URL. */
function resolveUrl(url: Template, scope: FlowScope, ctx: RunContext): string {
  const rendered = renderExplained(url, scope, ctx, 'url');
  if (/^https?:\/\//i.test(rendered)) return rendered;
  const base = currentConnector(ctx).baseUrl;
  const baseUrl = base.isLiteral ? base.source : base.render({ connection: publicFields(ctx) });
  if (!/^https?:\/\//i.test(baseUrl)) {
    throw new RuntimeError('HTTP_BASE_URL', `base URL of ${currentConnector(ctx).name} renders to a value that is not an http(s) URL`, { actor: 'user', origin: base.origin });
  }
  return baseUrl.replace(/\/+$/, '') + '/' + rendered.replace(/^\/+/, '');
}

async function prepareBody(body: RequestBody, scope: FlowScope, ctx: RunContext): Promise<PreparedBody> {
  switch (body.type) {
    case 'json': {
      const value = renderTemplateValue(body.value, scope);
      if (ctx.explain) explain(ctx, currentConnector(ctx).origin, 'json body', value);
      return { type: 'json', value };
    }
    case 'form': {
      const fields: Record<string, string> = {};
      for (const [name, t] of Object.entries(body.fields)) fields[name] = renderExplained(t, scope, ctx, `form ${name}`);
      return { type: 'form', fields };
    }
    case 'raw':
      return { type: 'raw', text: renderExplained(body.template, scope, ctx, 'body'), contentType: body.contentType };
    case 'file': {
      const file = await evaluateExplained(body.file, scope, ctx, 'file');
      if (!isFileHandle(file)) throw new RuntimeError('TYPE_MISMATCH', 'the request body expression did not give a File', { actor: 'author', origin: body.file.origin });
      return { type: 'file', file };
    }
    case 'multipart': {
      const parts: PreparedPart[] = [];
      for (const [name, part] of Object.entries(body.parts)) parts.push(await preparePart(name, part, scope, ctx));
      return { type: 'multipart', parts };
    }
  }
}

async function preparePart(name: string, part: MultipartPart, scope: FlowScope, ctx: RunContext): Promise<PreparedPart> {
  if (part.file) {
    const file = await evaluateExplained(part.file, scope, ctx, `part ${name}`);
    if (!isFileHandle(file)) throw new RuntimeError('TYPE_MISMATCH', `multipart part '${name}' did not give a File`, { actor: 'author', origin: part.file.origin });
    const filename = part.filename ? renderExplained(part.filename, scope, ctx, `part ${name} filename`) : undefined;
    return { name, file, filename, contentType: part.contentType };
  }
  return { name, value: part.value ? renderExplained(part.value, scope, ctx, `part ${name}`) : '' };
}
