/**
 * The command line of the headless entry, defined once: each command is an entry with a name, a
 * summary and a table of options (type, placeholder, help text). `node:util` parseArgs parses from
 * that table and `--help` is rendered from the same table, so adding a command or a flag is adding
 * an entry; nothing else needs to know about it.
 *
 *   const verify = defineCommand({
 *     name: 'verify',
 *     summary: 'Checks the data directory without starting the service.',
 *     options: { 'data-dir': dataDirOption, repair: { type: 'boolean', help: 'fix what can be fixed' } },
 *     run: async ({ values }) => { … values['data-dir'] is string | undefined, values.repair boolean | undefined … },
 *   });
 *
 * `-h`/`--help` is added to every command. A run that finds a bad value throws CommandLineError:
 * the entry prints it with the command's usage and exits 2; one that cannot do its work throws
 * CommandFailedError with its exit status.
 */
import { parseArgs } from 'node:util';

export interface OptionDefinition {
  readonly type: 'string' | 'boolean';
  /** One-letter alias (`-h`). */
  readonly short?: string;
  /** Repeatable: the value is an array of every occurrence. */
  readonly multiple?: boolean;
  /** Placeholder shown after the flag in the help (`--port N`); string options only. */
  readonly value?: string;
  /** What the option does; wrapped to the help's width. */
  readonly help: string;
}

export type OptionTable = Readonly<Record<string, OptionDefinition>>;

type ValueOf<D extends OptionDefinition> = D['type'] extends 'boolean' ? boolean : string;

/** The parsed values of a table: absent options are undefined, repeatable ones arrays. */
export type OptionValues<T extends OptionTable> = {
  -readonly [K in keyof T]?: T[K]['multiple'] extends true ? ValueOf<T[K]>[] : ValueOf<T[K]>;
};

export interface Positional {
  readonly name: string;
  readonly help: string;
  readonly optional?: boolean;
}

export interface ParsedCommand<T extends OptionTable> {
  values: OptionValues<T>;
  positionals: string[];
}

export interface Command<T extends OptionTable = OptionTable> {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Paragraph(s) shown under the usage line of the command's own help. */
  readonly description?: string;
  readonly options: T;
  /** Positional arguments in order; a command without them refuses any. */
  readonly positionals?: readonly Positional[];
  run(parsed: ParsedCommand<T>): Promise<void>;
}

/** Keeps the option table's literal types so `run` sees exactly the values it declared. */
export function defineCommand<const T extends OptionTable>(command: Command<T>): Command<T> {
  return command;
}

/** A wrong argument: shown with the command's usage, exit status 2. */
export class CommandLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandLineError';
  }
}

/** A command that could not do its work (a locked data directory, …): the message alone. */
export class CommandFailedError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CommandFailedError';
  }
}

const helpOption: OptionDefinition = { type: 'boolean', short: 'h', help: 'show this help' };
const helpWidth = 100;
const flagColumn = 27;

function withHelp(options: OptionTable): OptionTable {
  return { ...options, help: helpOption };
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
  }
  return lines;
}

function flagText(name: string, option: OptionDefinition): string {
  const long = option.short ? `-${option.short}, --${name}` : `--${name}`;
  return option.type === 'string' ? `${long} ${option.value ?? 'VALUE'}` : long;
}

function optionLines(options: OptionTable): string[] {
  const lines: string[] = [];
  for (const [name, option] of Object.entries(options)) {
    const flag = `  ${flagText(name, option)}`;
    const text = wrap(option.help + (option.multiple ? '; repeatable' : ''), helpWidth - flagColumn);
    const indent = ' '.repeat(flagColumn);
    if (flag.length < flagColumn - 1) {
      lines.push(flag.padEnd(flagColumn) + text[0]);
    } else {
      lines.push(flag, indent + text[0]);
    }
    for (const rest of text.slice(1)) lines.push(indent + rest);
  }
  return lines;
}

function usageLine(program: string, command: Command): string {
  const positionals = (command.positionals ?? []).map((p) => (p.optional ? `[${p.name}]` : p.name));
  return [`Usage: ${program} ${command.name} [options]`, ...positionals].join(' ');
}

/** The help of one command: usage, description, positionals and options. */
export function commandHelp(program: string, command: Command): string {
  const lines = [usageLine(program, command), ''];
  if (command.description) lines.push(...wrap(command.description, helpWidth), '');
  if (command.positionals?.length) {
    lines.push('Arguments:');
    lines.push(
      ...optionLines(
        Object.fromEntries(command.positionals.map((p) => [p.name, { type: 'boolean', help: p.help }])),
      ).map((line) => line.replace(/^ {2}--/, '  ')),
      '',
    );
  }
  lines.push('Options:', ...optionLines(withHelp(command.options)), '');
  return lines.join('\n');
}

/** The help of the program: the command list, then every command's help. */
export function programHelp(program: string, commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 4;
  const lines = [`Usage: ${program} <command> [options]`, '', 'Commands:'];
  for (const command of commands) lines.push(`  ${command.name.padEnd(width)}${command.summary}`);
  lines.push('', `\`${program} <command> --help\` shows one command's options.`, '');
  for (const command of commands) lines.push(commandHelp(program, command));
  return lines.join('\n');
}

/** Parses a command's arguments against its table; throws CommandLineError for anything unknown. */
export function parseCommand<T extends OptionTable>(
  command: Command<T>,
  args: string[],
): ParsedCommand<T> & { help: boolean } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, option] of Object.entries(withHelp(command.options))) {
    options[name] = {
      type: option.type,
      ...(option.short ? { short: option.short } : {}),
      ...(option.multiple ? { multiple: true } : {}),
    };
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new CommandLineError((error as Error).message);
  }
  const { help, ...values } = parsed.values;
  const declared = command.positionals ?? [];
  const required = declared.filter((p) => !p.optional).length;
  if (help !== true) {
    if (parsed.positionals.length > declared.length) {
      throw new CommandLineError(
        `'${command.name}' takes ${declared.length === 0 ? 'no arguments' : `at most ${declared.length} argument(s)`}, got '${parsed.positionals.join(' ')}'`,
      );
    }
    if (parsed.positionals.length < required) {
      throw new CommandLineError(`'${command.name}' needs ${declared[parsed.positionals.length]?.name}`);
    }
  }
  return {
    values: values as OptionValues<T>,
    positionals: parsed.positionals,
    help: help === true,
  };
}

export interface ProgramIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * Runs `argv` (without node and the script) against the command table. Resolves with the exit
 * status for problems found before a command starts (0 for help, 2 for usage errors); a started
 * command owns the process from then on and resolves with undefined.
 */
export async function runProgram(
  program: string,
  commands: readonly Command[],
  argv: string[],
  io: ProgramIo,
): Promise<number | undefined> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help') {
    io.stdout(programHelp(program, commands));
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`${program}: unknown command '${name}'\n\n${programHelp(program, commands)}`);
    return 2;
  }
  try {
    const { help, ...parsed } = parseCommand(command, rest);
    if (help) {
      io.stdout(commandHelp(program, command));
      return 0;
    }
    await command.run(parsed);
    return undefined;
  } catch (error) {
    if (error instanceof CommandLineError) {
      io.stderr(`${program}: ${error.message}\n\n${commandHelp(program, command)}`);
      return 2;
    }
    if (error instanceof CommandFailedError) {
      io.stderr(`${program}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
