// Rules about what an answer may contain, judged on every answer the run reads, whoever made the
// items in it: reading is always safe, so a list page or a hotel's units are checked in full, not
// only the items this run created. A live tenant is shared, so nothing here asks "is this what I
// made": each item must fit the request's scope, and each answer the spec's object rules.
import { checkRulesIn, documentedResponse, paginationOf, type OpenApiDocument } from '@roomkit/openapi';
import type { Exchange } from '../http/exchange.js';
import { listFilterRule, strangerIn } from '../kinds/list-filter.js';
import { specPointer } from '../openapi/pointer.js';
import type { OperationInfo, SpecView } from '../openapi/view.js';
import type { TargetTraits } from './types.js';

export interface AnswerFinding {
  rule: string;
  message: string;
  location: string;
}

/** The query value a list was filtered by (as sent on the wire). */
function queryValue(exchange: Exchange, name: string): string | null {
  return new URL(exchange.request.url).searchParams.get(name);
}

/**
 * The spec's list-filter rules: every item of every page a filtered list answers names the
 * filter's value in the field the filter is named after (a room type list filtered by propertyId
 * holds only room types whose propertyId is that one; an organization's property list only that
 * organization's properties), on the first page and on every later one.
 */
function listScopeFindings(doc: OpenApiDocument, operation: OperationInfo, exchange: Exchange): AnswerFinding[] {
  const paging = paginationOf(doc, operation.operationId);
  if (paging === undefined) return [];
  const rule = listFilterRule(doc, operation.operationId);
  const wanted = queryValue(exchange, paging.filter);
  const items = (exchange.response?.json as Record<string, unknown> | undefined)?.[paging.items];
  if (rule === undefined || wanted === null || !Array.isArray(items)) return [];
  // The list-filter kind finds the item that does not belong (one is proof enough).
  const stranger = strangerIn(items, paging.filter, wanted);
  if (stranger === undefined) return [];
  const page = queryValue(exchange, paging.token) === null ? 'the first page' : 'a later page';
  return [
    {
      rule: rule.name,
      message: `${operation.operationId} filtered by ${paging.filter}=${wanted} answered, on ${page}, item ${JSON.stringify(stranger.item.id)} whose ${paging.filter} is ${JSON.stringify(stranger.value)}: every item of every page must belong to the filter's ${paging.filter}, whoever created it`,
      location: specPointer('x-roomkit-rules', rule.name),
    },
  ];
}

/** The spec's object-level rules (relations, unique-by, exactly-one, sole-item) on every object of a documented answer. */
function objectRuleFindings(doc: OpenApiDocument, operation: OperationInfo, exchange: Exchange): AnswerFinding[] {
  const response = exchange.response;
  if (response === undefined || response.json === undefined) return [];
  const schema = documentedResponse(operation, response.status)?.schemaPointer;
  if (schema === undefined) return [];
  return checkRulesIn(doc, schema, response.json).map((v) => ({
    rule: v.rule,
    message: `at ${v.path}: ${v.message}`,
    location: specPointer('x-roomkit-rules', v.rule),
  }));
}

/**
 * Every answer-content rule broken by one answer. A stateless mock answers the spec's examples
 * whatever the filter, so scope is judged on stateful targets only; object rules hold for any.
 */
export function answerRuleFindings(
  spec: SpecView,
  operation: OperationInfo,
  exchange: Exchange,
  target: TargetTraits,
): AnswerFinding[] {
  const status = exchange.response?.status ?? 0;
  if (status < 200 || status >= 300) return [];
  return [
    ...(target.stateful ? listScopeFindings(spec.doc, operation, exchange) : []),
    ...objectRuleFindings(spec.doc, operation, exchange),
  ];
}
