import { access, readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { LineCounter, parseDocument } from 'yaml';
import schema from '../../schema/roomkit.config.schema.json' with { type: 'json' };
import { UsageError } from '../suite.js';
import { allFlags } from '../suites.js';

/** The names `roomkit verify` looks for in the working directory when --config is not given. */
export const CONFIG_FILE_NAMES = ['roomkit.config.yaml', 'roomkit.config.yml'] as const;

/** The JSON Schema of the file, shipped as `schema/roomkit.config.schema.json` for editors. */
export const configSchema = schema;

/** Keys whose values are file paths, resolved against the config file's folder. */
const PATH_KEYS = new Set(['junit', 'json', 'html', 'har', 'ledger', 'baseline']);

/** An environment reference, the only form a credential may take in the file. */
const REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

type Mapping = Record<string, unknown>;

/** A parsed, validated config file. */
export interface ConfigFile {
  file: string;
  document: {
    target?: string;
    verify?: Mapping;
    reports?: Mapping;
    targets: Record<string, Mapping & { api: string; verify?: Mapping; reports?: Mapping }>;
  };
}

/**
 * What one named target of the file sets: the API, and the values of verify's flags by flag name
 * (`max-requests`). Each value is read when it is used, so an environment reference a flag
 * overrides need not be set.
 */
export interface ConfiguredTarget {
  name: string;
  api: string;
  values: Record<string, () => unknown>;
}

/** The config file to use: --config, else roomkit.config.yaml (or .yml) in the working directory, else none. */
export async function findConfigFile(explicit: string | undefined, cwd: string): Promise<string | undefined> {
  if (explicit !== undefined) {
    try {
      await access(explicit);
    } catch {
      throw new UsageError(`--config ${explicit}: no such file.`);
    }
    return explicit;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const file = join(cwd, name);
    try {
      await access(file);
      return file;
    } catch {
      // not there: try the next name
    }
  }
  return undefined;
}

/** The names of the credential flags (`token`, `api-key`, …): from the suites, never restated. */
export function secretKeys(): string[] {
  return allFlags()
    .filter((f) => f.secret === true)
    .map((f) => f.flags.split(' ')[0]!.replace(/^--/, ''));
}

const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
const validate = ajv.compile(schema);

function dotted(instancePath: string): string {
  return instancePath === ''
    ? '(top level)'
    : instancePath
        .slice(1)
        .split('/')
        .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
        .join('.');
}

/** An Ajv error as "key: rule" (never quoting a value, which could be a secret). */
function describe(error: ErrorObject): { path: string[]; text: string } {
  const path = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/');
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys(
        ((error.parentSchema as { properties?: Mapping } | undefined)?.properties ?? {}) as Mapping,
      );
      return {
        path: [...path, key],
        text: `${dotted(`${error.instancePath}/${key}`)}: unknown key (additionalProperties: allowed here are ${allowed.join(', ')})`,
      };
    }
    case 'required':
      return {
        path,
        text: `${dotted(error.instancePath)}: missing the required key "${String(params['missingProperty'])}" (required)`,
      };
    case 'enum':
      return {
        path,
        text: `${dotted(error.instancePath)}: must be one of ${(params['allowedValues'] as unknown[]).join(', ')} (enum)`,
      };
    case 'propertyNames':
      return {
        path,
        text: `${dotted(error.instancePath)}: the name "${String(params['propertyName'])}" must start with a letter or digit and hold only letters, digits, _ . - (propertyNames)`,
      };
    default:
      return { path, text: `${dotted(error.instancePath)}: ${error.message ?? 'is invalid'} (${error.keyword})` };
  }
}

/** Reads, parses and validates a config file: every problem names the key, the rule and the line. */
export async function loadConfigFile(file: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--config ${file}: cannot read it (${(error as Error).message}).`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const at = lines.linePos(first.pos[0]);
    throw new UsageError(`${file}:${at.line}: not valid YAML (${first.message.split('\n')[0]}).`);
  }
  const value: unknown = doc.toJS();
  const lineOf = (path: readonly string[]) => {
    const node = doc.getIn(path, true) as { range?: [number, number] } | undefined;
    return node?.range === undefined ? '' : `:${lines.linePos(node.range[0]).line}`;
  };
  // Credentials first: a literal one is refused before anything else is said about the file.
  const targets = (value as { targets?: unknown } | null)?.targets;
  if (typeof targets === 'object' && targets !== null) {
    for (const [name, target] of Object.entries(targets)) {
      if (typeof target !== 'object' || target === null) continue;
      for (const key of secretKeys()) {
        const secret = (target as Mapping)[key];
        if (secret === undefined || (typeof secret === 'string' && REFERENCE.test(secret))) continue;
        const env = allFlags().find((f) => f.flags.startsWith(`--${key} `))?.env ?? 'ROOMKIT_…';
        throw new UsageError(
          `${file}${lineOf(['targets', name, key])}: targets.${name}.${key} holds a literal credential; the file takes credentials only as environment references, such as ${key}: "\${${env}}" (set ${env} from the CI's secret store). Remove the value from the file, and replace the credential if the file was ever shared.`,
        );
      }
    }
  }
  if (!validate(value)) {
    const errors = (validate.errors ?? []).filter(
      // oneOf explains itself through its branches' errors.
      (e, _, all) => e.keyword !== 'oneOf' || !all.some((o) => o !== e && o.instancePath === e.instancePath),
    );
    const seen = new Set<string>();
    const described = errors
      .map(describe)
      .filter((d) => !seen.has(d.text) && seen.add(d.text))
      .map((d) => `  ${basename(file)}${lineOf(d.path)}: ${d.text}`);
    throw new UsageError(
      `${file} does not match the roomkit config schema (schema/roomkit.config.schema.json of @roomkit/contract):\n${described.join('\n')}`,
    );
  }
  return { file, document: value as ConfigFile['document'] };
}

/** Replaces `${VAR}` references in a string with the environment's values; an unset variable is an error naming the key. */
function expand(value: string, key: string, file: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const found = env[name];
    if (found === undefined || found === '')
      throw new UsageError(
        `${file}: ${key} refers to \${${name}}, which is not set in the environment; export ${name}.`,
      );
    return found;
  });
}

/** The values one named target sets: top-level verify and reports, then the target's own, then its connection keys. */
export function configuredTarget(
  config: ConfigFile,
  requested: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ConfiguredTarget {
  const { document, file } = config;
  const names = Object.keys(document.targets);
  const name = requested ?? document.target ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined)
    throw new UsageError(
      `${file} names ${names.length} targets (${names.join(', ')}): pick one with --target <name>, or set target: in the file.`,
    );
  const target = document.targets[name];
  if (target === undefined)
    throw new UsageError(
      `${requested === undefined ? `${file}: target:` : '--target'} ${name} is not a target of ${file}; its targets are ${names.join(', ')}.`,
    );
  const { api, verify, reports, ...connection } = target;
  const values: Record<string, () => unknown> = {};
  const sections: Array<[string, Mapping | undefined]> = [
    ['verify', document.verify],
    ['reports', document.reports],
    [`targets.${name}.verify`, verify],
    [`targets.${name}.reports`, reports],
    [`targets.${name}`, connection],
  ];
  for (const [where, section] of sections) {
    for (const [key, raw] of Object.entries(section ?? {})) {
      const at = `${where}.${key}`;
      const expanded = (v: unknown) => (typeof v === 'string' ? expand(v, at, file, env) : v);
      values[key] = () => {
        const value = Array.isArray(raw) ? raw.map(expanded) : expanded(raw);
        return PATH_KEYS.has(key) && typeof value === 'string' && !isAbsolute(value)
          ? resolve(dirname(file), value)
          : value;
      };
    }
  }
  return { name, api, values };
}
