import type { Violation } from '../checks/types.js';
import type { Exchange } from '../http/exchange.js';
import type { ReproductionStep } from '../checks/types.js';
import type { BaselineEntry } from './baseline.js';
import { baselineSummary, describeEntry } from './baseline-text.js';
import { ROOMKIT_COMMAND } from './command.js';
import type { CellStatus, Coverage } from './coverage.js';
import { engineSummary, incompleteReasons, notRunByReason } from './terminal.js';
import type { VerifyReport } from './types.js';

/*
 * The HTML report: one self-contained page (inline CSS, no script, no font, no image, and a
 * Content-Security-Policy that forbids loading anything), for a vendor engineer to open from a CI
 * artefact. Everything in it comes from the report, and every text of the report is escaped: a
 * target's answers are hostile input, and an HTML body it sent must show as text.
 */

/** Markup built by `html` (never by a target): the only thing inserted unescaped. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = Markup | string | number | boolean | null | undefined | readonly Value[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text as HTML text or attribute value (always double-quoted here). Control characters, which a
 * page cannot show, are written as `\u{…}` escapes so that a reader sees they were there.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!)
    .replace(/(?![\t\n\r])\p{Cc}/gu, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

function render(value: Value): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/** A template whose interpolations are escaped unless they are Markup (arrays are joined). */
export function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  let out = strings[0]!;
  values.forEach((value, i) => (out += render(value) + strings[i + 1]!));
  return new Markup(out);
}

export interface HtmlOptions {
  /** The JSON report this page was made from (or written next to), for replay and cleanup commands. */
  reportFile?: string;
  /** Where the run saved what cleanup left (verify's ledger file). */
  ledgerFile?: string;
}

const STYLE = `
:root { color-scheme: light; --ok: #17692f; --ok-bg: #e3f4e7; --bad: #a1161f; --bad-bg: #fbe4e5; --warn: #7a5200;
  --warn-bg: #fff1cc; --muted: #5b616b; --line: #d5d9df; --code-bg: #f5f6f8; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d2127; background: #fff; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 36px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0 0 8px; } h4 { font-size: 14px; margin: 16px 0 6px; }
p.sub, .muted { color: var(--muted); } p.label { margin: 8px 0 0; color: var(--muted); font-size: 13px; } code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--code-bg); border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px; margin: 4px 0 10px;
  white-space: pre-wrap; overflow-wrap: anywhere; max-height: 28em; overflow: auto; }
nav a { margin-right: 14px; } a { color: #0b57b0; }
.verdict { border-radius: 6px; padding: 14px 18px; margin: 18px 0; border: 1px solid; }
.verdict strong { font-size: 20px; } .verdict ul { margin: 6px 0 0; padding-left: 20px; }
.verdict.conforms { background: var(--ok-bg); border-color: var(--ok); color: var(--ok); }
.verdict.violations { background: var(--bad-bg); border-color: var(--bad); color: var(--bad); }
.verdict.incomplete { background: var(--warn-bg); border-color: var(--warn); color: var(--warn); }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f0f2f5; font-weight: 600; }
table.facts th { width: 16em; } table.rules td:first-child { width: 22em; } table.rules td.status { width: 14em; } table.matrix td { text-align: center; white-space: nowrap; }
table.matrix thead th.check { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-size: 12px; padding: 8px 3px; }
table.matrix td.op { text-align: left; } .op code { font-size: 12px; }
.passed { background: var(--ok-bg); color: var(--ok); } .failed { background: var(--bad-bg); color: var(--bad); font-weight: 600; }
.not-run { background: var(--warn-bg); color: var(--warn); } .not-applicable { color: #8a9099; }
.status { white-space: nowrap; } td.failed a { color: var(--bad); }
.legend li { margin: 3px 0; } .violation { border: 1px solid var(--line); border-left: 5px solid var(--bad); border-radius: 4px;
  padding: 12px 16px; margin: 16px 0; }
dl.kv { display: grid; grid-template-columns: 11em 1fr; gap: 3px 12px; margin: 6px 0 10px; } dl.kv dt { color: var(--muted); } dl.kv dd { margin: 0; overflow-wrap: anywhere; }
details > summary { cursor: pointer; color: #0b57b0; margin: 6px 0; }
.baseline { font-size: 12px; text-transform: uppercase; border-radius: 3px; padding: 1px 6px; border: 1px solid; }
.baseline.new { background: var(--bad-bg); color: var(--bad); } .baseline.known { background: var(--warn-bg); color: var(--warn); }
@media print { pre { max-height: none; } details { display: block; } }
`;

const LABEL: Record<CellStatus, string> = {
  passed: '✔ passed',
  failed: '✘ failed',
  'not-run': '– not run',
  'not-applicable': 'n/a',
};
const MARK: Record<CellStatus, string> = { passed: '✔', failed: '✘', 'not-run': '–', 'not-applicable': '·' };

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const violationLink = (n: number) => html`<a href="#violation-${n}">${n}</a>`;
const join = (items: Markup[], separator: string) => items.flatMap((m, i) => (i === 0 ? [m] : [html`${separator}`, m]));

function verdict(report: VerifyReport): Markup {
  const notRun = notRunByReason(report);
  const notRunList = notRun.map(({ reason, names }) => html`<li>not run: ${names.join(', ')} (${reason})</li>`);
  if (report.result === 'conforms')
    return html`<div class="verdict conforms">
      <strong>Conforms</strong>: every property that ran finished, and none found a
      violation.${
        notRun.length > 0
          ? html`<ul>
              ${notRunList}
            </ul>`
          : ''
      }
    </div>`;
  if (report.result === 'violations') {
    const names = new Set(report.violations.map((v) => v.name));
    const reasons = incompleteReasons(report);
    return html`<div class="verdict violations">
      <strong>${report.violations.length} violation(s)</strong> of ${names.size} check(s) and rule(s):
      ${join(
        [...names].map((name) => html`<code>${name}</code>`),
        ', ',
      )}.${
        reasons.length > 0 || notRun.length > 0
          ? html`<ul>
              ${reasons.map((r) => html`<li>also: ${r}</li>`)}${notRunList}
            </ul>`
          : ''
      }
    </div>`;
  }
  return html`<div class="verdict incomplete">
    <strong>Incomplete</strong>: not every property ran to the end, so conformance is not shown.
    <ul>
      ${incompleteReasons(report).map((r) => html`<li>${r}</li>`)}${notRunList}
    </ul>
  </div>`;
}

function facts(report: VerifyReport, options: HtmlOptions): Markup {
  const { limits, cleanup } = report;
  const rows: Array<[string, Value]> = [
    ['API', report.api],
    ['base URL', html`<code>${report.baseUrl}</code>`],
    [
      'target',
      html`${report.kind}
      target${report.target?.args?.length ? html`, <code>${report.target.args.join(' ')}</code>` : ''}`,
    ],
    [
      'run id',
      html`<code>${report.runId}</code> (the names of what it created start with
        <code>roomkit-${report.runId}-</code>)`,
    ],
    ['started', report.startedAt],
    ['duration', seconds(report.durationMs)],
    ['seed', html`<code>${report.seed}</code> (<code>--seed ${report.seed}</code> replays the run)`],
    ['runs per property', report.runs],
    ['requests', html`${report.requests} (${report.requestsPerSecond.toFixed(1)} requests per second)`],
    ['throttled retries', report.throttledRetries],
    ['sent again on a new connection', report.reconnects ?? 0],
    ...(report.engine === undefined ? [] : [['requests in flight', engineSummary(report.engine)] as [string, string]]),
    ['bodies cut at --max-body', report.truncatedBodies],
    ['peak RSS', mebibytes(report.peakRssBytes)],
    [
      'limits',
      `--max-requests ${limits.maxRequests} · --max-duration ${limits.maxDurationMs / 1000} s · --cleanup-timeout ${limits.cleanupMs / 1000} s · --max-body ${limits.maxBodyBytes} bytes · --consistency-wait ${limits.consistencyWaitMs} ms`,
    ],
    [
      'cleanup',
      html`deleted ${cleanup.deleted} resource(s) in ${cleanup.requests} request(s),
      ${seconds(cleanup.durationMs)}${cleanup.stoppedEarly === undefined ? '' : html`; <strong>stopped early</strong>: ${cleanup.stoppedEarly}`}`,
    ],
    ['leftovers', cleanup.leftovers.length === 0 ? 'none' : html`<strong>${cleanup.leftovers.length}</strong> (below)`],
  ];
  if (report.stoppedEarly !== undefined) rows.push(['stopped early', report.stoppedEarly]);
  if (report.selection !== undefined)
    rows.push([
      'selection',
      [
        ...(report.selection.checks === undefined ? [] : [`--checks ${report.selection.checks.join(',')}`]),
        ...(report.selection.properties === undefined ? [] : [`properties ${report.selection.properties.join(', ')}`]),
      ].join(' · '),
    ]);
  const ledger = options.ledgerFile ?? options.reportFile ?? `roomkit-ledger-${report.runId}.json`;
  const resources = (
    title: string,
    items: ReadonlyArray<{ collection: string; id?: string; name?: string; parentId?: string; reason?: string }>,
  ) =>
    items.length === 0
      ? ''
      : html`<h4>${title}</h4>
          <table>
            <thead>
              <tr>
                <th>collection</th>
                <th>id</th>
                <th>name</th>
                <th>parent</th>
                <th>reason</th>
              </tr>
            </thead>
            <tbody>
              ${items.map(
                (r) =>
                  html`<tr>
                    <td>${r.collection}</td>
                    <td><code>${r.id ?? '?'}</code></td>
                    <td>${r.name ?? ''}</td>
                    <td><code>${r.parentId ?? ''}</code></td>
                    <td>${r.reason ?? ''}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`;
  return html`<table class="facts">
      <tbody>
        ${rows.map(
          ([k, v]) =>
            html`<tr>
              <th>${k}</th>
              <td>${v}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${resources('Cleanup could not delete', cleanup.leftovers)}${resources('Kept in place (--keep-failing)', cleanup.kept)}${resources(
      'Creates this run could not verify as its own (listed, never deleted)',
      cleanup.unaccounted,
    )}${
      cleanup.leftovers.length > 0 || cleanup.kept.length > 0
        ? html`<p>
              Delete them later (each only while it still has the name this run gave it), credentials from the
              environment:
            </p>
            <pre>${`${ROOMKIT_COMMAND} cleanup --ledger ${ledger} --base-url ${report.baseUrl}`}</pre>`
        : ''
    }`;
}

function propertiesTable(report: VerifyReport): Markup {
  const status = {
    passed: 'passed',
    failed: 'failed',
    skipped: 'not-run',
    incomplete: 'not-run',
    error: 'failed',
  } as const;
  return html`<table>
    <thead>
      <tr>
        <th>property</th>
        <th>status</th>
        <th>runs</th>
        <th>shrinks</th>
        <th>requests</th>
        <th>time</th>
        <th>violations</th>
        <th>note</th>
      </tr>
    </thead>
    <tbody>
      ${report.properties.map((p) => {
        const found = report.violations
          .map((v, i) => ({ v, n: i + 1 }))
          .filter(({ v }) => v.property === p.name || (v.alsoFoundBy ?? []).includes(p.name));
        return html`<tr>
          <td><code>${p.name}</code></td>
          <td class="status ${status[p.status]}">${p.status}</td>
          <td>${p.numRuns}</td>
          <td>${p.numShrinks}</td>
          <td>${p.requests}</td>
          <td>${seconds(p.durationMs)}</td>
          <td>
            ${join(
              found.map(({ n }) => violationLink(n)),
              ', ',
            )}
          </td>
          <td>${(p.reason ?? '').split('\n')[0]}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

function conformanceTable(report: VerifyReport, coverage: Coverage): Markup {
  /** Rules broken on an operation: they are judged by rule properties, not by checks, so they get a column of their own. */
  const rulesOn = (operationId: string) =>
    report.violations
      .map((v, i) => ({ v, n: i + 1 }))
      .filter(({ v }) => v.kind === 'rule' && v.operationId === operationId)
      .map(({ v, n }) => html`<div>${MARK.failed} <code>${v.name}</code> ${violationLink(n)}</div>`);
  return html`<table class="matrix">
    <thead>
      <tr>
        <th>operation</th>
        ${coverage.checks.map((c) => html`<th class="check" title="${c.description}">${c.name}</th>`)}
        <th>rules broken here (see Rules)</th>
      </tr>
    </thead>
    <tbody>
      ${coverage.operations.map((op) => {
        const rules = rulesOn(op.operationId);
        return html`<tr>
          <td class="op"><strong>${op.operationId}</strong><br /><code>${op.method.toUpperCase()} ${op.path}</code></td>
          ${coverage.checks.map((c) => {
            const cell = op.cells[c.name]!;
            return html`<td
              class="${cell.status}"
              title="${c.name} on ${op.operationId}: ${LABEL[cell.status]} — ${cell.why}"
            >
              ${
                cell.status === 'failed'
                  ? html`${MARK.failed} ${join(cell.violations.map(violationLink), ' ')}`
                  : MARK[cell.status]
              }
            </td>`;
          })}
          <td class="op${rules.length > 0 ? ' failed' : ''}">${rules}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

function rulesTable(coverage: Coverage): Markup {
  return html`<table>
    <thead>
      <tr>
        <th>rule</th>
        <th>status</th>
        <th>reported by</th>
        <th>what it says</th>
      </tr>
    </thead>
    <tbody>
      ${coverage.rules.map(
        (r) =>
          html`<tr>
            <td><code>${r.name}</code><br /><span class="muted">${r.location}</span></td>
            <td class="status ${r.status}" title="${r.why}">
              ${LABEL[r.status]}${
                r.violations.length > 0
                  ? html` ${join(r.violations.map(violationLink), ', ')}`
                  : r.status === 'not-run'
                    ? html`<br /><span class="muted">${r.why}</span>`
                    : ''
              }
            </td>
            <td>
              ${join(
                r.reportedBy.map((p) => html`<code>${p.name}</code> <span class="muted">(${p.status})</span>`),
                ', ',
              )}
            </td>
            <td>${r.description}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** A body as a reader wants it: JSON formatted, anything else (an HTML page, text) as the text it is. */
function body(text: string | undefined, note?: string): Markup {
  if (text === undefined || text === '') return html`<p class="muted">no body</p>`;
  let shown = text;
  let kind = 'text';
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
    kind = 'JSON, formatted';
  } catch {
    // Not JSON: shown exactly as received.
  }
  return html`<p class="label">body (${kind}${note === undefined ? '' : `; ${note}`}):</p>
    <pre>${shown}</pre>`;
}

function exchange(e: Exchange): Markup {
  const r = e.response;
  const notes = [
    ...(r?.truncatedAt === undefined ? [] : [`cut at --max-body after ${r.truncatedAt} bytes`]),
    ...(r?.clipped === true ? [`clipped in the report (${r.bytes} bytes received)`] : []),
  ];
  const head = (first: string, values: Record<string, string>) =>
    [first, ...Object.entries(values).map(([k, v]) => `${k}: ${v}`)].join('\n');
  return html`<h4>Request</h4>
    <pre>${head(`${e.request.method} ${e.request.url}`, e.request.headers)}</pre>
    ${e.request.body === undefined ? '' : body(e.request.body)}
    <h4>Response</h4>
    ${
      r === undefined
        ? html`<p><strong>no response</strong>: ${e.error ?? 'no answer'}</p>`
        : html`<pre>${head(`${r.status} (${e.durationMs.toFixed(1)} ms)`, r.headers)}</pre>
            ${body(r.text, notes.length > 0 ? notes.join('; ') : undefined)}`
    }`;
}

function step(s: ReproductionStep, index: number): Markup {
  return html`<tr>
    <td>${index + 1}</td>
    <td>${s.note}</td>
    <td><code>${s.method} ${s.path}</code>${s.body === undefined ? '' : html`<br /><code>${s.body}</code>`}</td>
    <td>${s.saveAs === undefined ? '' : html`<code>${s.saveAs}</code>`}</td>
    <td>${s.answered ?? ''}</td>
  </tr>`;
}

/** With a baseline: how many are new and known, and what it lists that this run did not see. */
function baselineSection(report: VerifyReport): Markup | string {
  const comparison = report.baseline;
  if (comparison === undefined) return '';
  const entries = (title: string, list: readonly BaselineEntry[]) =>
    list.length === 0
      ? ''
      : html`<p>${title}</p>
          <ul>
            ${list.map((e) => html`<li><code>${describeEntry(e)}</code></li>`)}
          </ul>`;
  return html`<p class="baseline-summary">${baselineSummary(comparison)}</p>
    ${entries('Fixed (in the baseline, not seen in this run):', comparison.fixed)}${entries(
      'Not checked by this run (left out, or the run did not finish):',
      comparison.notChecked,
    )}`;
}

function violation(report: VerifyReport, v: Violation, n: number, options: HtmlOptions): Markup {
  const replayFromReport =
    v.replay?.report ??
    (options.reportFile === undefined ? undefined : `${ROOMKIT_COMMAND} replay ${options.reportFile} --violation ${n}`);
  return html`<section class="violation" id="violation-${n}">
    <h3>
      ${n}) ${v.baseline === undefined ? '' : html`<span class="baseline ${v.baseline}">${v.baseline}</span> `}${v.kind}
      <code>${v.name}</code>${v.operationId === undefined ? '' : html` on <code>${v.operationId}</code>`}
    </h3>
    <dl class="kv">
      <dt>problem</dt>
      <dd>${v.message}</dd>
      <dt>spec</dt>
      <dd><code>${v.location}</code></dd>
      <dt>found by</dt>
      <dd>
        <code>${v.property}</code>${
          v.alsoFoundBy === undefined
            ? ''
            : html` (also found by
              ${join(
                v.alsoFoundBy.map((p) => html`<code>${p}</code>`),
                ', ',
              )})`
        }
      </dd>
      <dt>seed</dt>
      <dd>
        <code>${v.seed}</code>${v.path === undefined ? '' : html`, path <code>${v.path}</code>`}${
          v.replayPath === undefined ? '' : html`, replay path <code>${v.replayPath}</code>`
        }
      </dd>
      ${
        v.counterexample === undefined
          ? ''
          : html`<dt>shrunk input</dt>
              <dd><code>${v.counterexample}</code></dd>`
      }
    </dl>
    ${v.exchange === undefined ? html`<p class="muted">No single request shows it (see the reproduction).</p>` : exchange(v.exchange)}
    ${
      v.exchange?.curl === undefined
        ? ''
        : html`<h4>curl (the failing request alone)</h4>
            <pre>${v.exchange.curl}</pre>`
    }
    ${
      v.reproduction === undefined
        ? ''
        : html`<h4>Reproduction from an empty start (${v.reproduction.steps.length} request(s))</h4>
            <table>
              <thead>
                <tr>
                  <th>#</th>
                  <th>why</th>
                  <th>request</th>
                  <th>saves id as</th>
                  <th>answered</th>
                </tr>
              </thead>
              <tbody>
                ${v.reproduction.steps.map(step)}
              </tbody>
            </table>
            ${
              v.reproduction.script === undefined
                ? ''
                : html`<p>As a shell script (set the variables it names first):</p>
                    <pre>${v.reproduction.script}</pre>`
            }`
    }
    <h4>Replay</h4>
    ${
      replayFromReport === undefined
        ? html`<p class="muted">
            Write the run with <code>--json</code> to replay this violation from its report with
            <code>roomkit replay</code>.
          </p>`
        : html`<p>
              Sends the reproduction again, judges it with the same ${v.kind}, cleans up, and says
              <em>reproduced</em> (exit 1) or <em>not reproduced</em> (exit 0):
            </p>
            <pre>${replayFromReport}</pre>`
    }${
      v.replay?.verify === undefined
        ? ''
        : html`<p>Or run its property's shrunk case alone:</p>
            <pre>${v.replay.verify}</pre>`
    }${
      v.context === undefined || v.context.length === 0
        ? ''
        : html`<details>
            <summary>${v.context.length} earlier request(s) of the same case</summary>
            ${v.context.map(
              (e, i) =>
                html`<h4>earlier request ${i + 1}</h4>
                  ${exchange(e)}`,
            )}
          </details>`
    }
  </section>`;
}

/** The whole page; `coverage` is `coverageOf(report)` (conformance.ts). */
export function formatHtml(report: VerifyReport, coverage: Coverage, options: HtmlOptions = {}): string {
  const title = `roomkit verify ${report.api}: ${report.result} (${report.baseUrl})`;
  const envs = [
    ...new Set([...JSON.stringify(report.violations).matchAll(/\$\{(ROOMKIT_[A-Z_]+)\}/g)].map((m) => m[1]!)),
  ];
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
        />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title}</title>
        <style>
          ${new Markup(STYLE)}
        </style>
      </head>
      <body>
        <main>
          <h1>roomkit verify ${report.api}</h1>
          <p class="sub">
            against <code>${report.baseUrl}</code> (${report.kind} target) · started ${report.startedAt} · run id
            <code>${report.runId}</code> · seed <code>${report.seed}</code>
          </p>
          <nav>
            <a href="#conformance">Operations × checks</a><a href="#rules">Rules</a><a href="#properties">Properties</a
            ><a href="#violations">Violations (${report.violations.length})</a><a href="#run">Run facts</a>
          </nav>
          ${verdict(report)}
          <h2 id="conformance">Operations × checks</h2>
          ${conformanceTable(report, coverage)}
          <ul class="legend">
            ${coverage.method.map((line) => html`<li>${line}</li>`)}
          </ul>
          <h2 id="rules">Rules</h2>
          ${rulesTable(coverage)}
          <h2 id="properties">Properties</h2>
          ${propertiesTable(report)}
          <h2 id="violations">Violations</h2>
          ${baselineSection(report)}
          ${
            report.violations.length === 0
              ? html`<p>None.</p>`
              : html`${
                  envs.length === 0
                    ? ''
                    : html`<p>
                        The commands below read credentials and ids from the environment: export
                        ${join(
                          envs.map((e) => html`<code>${e}</code>`),
                          ', ',
                        )}
                        first.
                      </p>`
                }${report.violations.map((v, i) => violation(report, v, i + 1, options))}`
          }
          <h2 id="run">Run facts</h2>
          ${facts(report, options)}
          <p class="muted">
            Written by roomkit from the run's report; every credential in it was replaced by the name of the variable
            that holds it.
          </p>
        </main>
      </body>
    </html> `;
  return page.text;
}
