import { apiNames, isApiName } from '@roomkit/openapi';
import type { Command } from 'commander';
import { UsageError } from '../suite.js';
import { catalogue, type CatalogueEntry } from '../catalogue.js';
import type { CliIo } from './options.js';

export function listCommand(program: Command, io: CliIo): void {
  program
    .command('list-checks')
    .description(
      'List the checks, rules and properties --checks and --exclude-checks accept, grouped as reports group them.',
    )
    .argument('<api>', apiNames.join(' or '))
    .action((api: string) => {
      if (!isApiName(api)) throw new UsageError(`unknown API "${api}": expected ${apiNames.join(' or ')}.`);
      const { checks, rules, properties } = catalogue(api);
      const width = Math.max(...[...checks, ...rules, ...properties].map((e) => e.name.length)) + 2;
      const group = (title: string, entries: CatalogueEntry[]) => [
        title,
        ...entries.map(
          (e) =>
            `  ${e.name.padEnd(width)}${e.kind === undefined ? '' : `[${e.kind.name}] `}${e.untestable === undefined ? e.description.split('\n')[0] : `untestable: ${e.untestable}`}`,
        ),
        '',
      ];
      io.out(
        [
          ...group('checks (on every exchange):', checks),
          ...group(`rules (x-roomkit-rules of the ${api} spec):`, rules),
          ...group('properties (each runs the checks and rules it reports; a name here runs only it):', properties),
        ].join('\n'),
      );
    });
}
