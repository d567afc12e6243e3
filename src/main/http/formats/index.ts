/** The package-format endpoints this build serves, keyed by format. */
import type { FormatHandlers } from './format-request';
import { cargoHandler } from './cargo/cargo-handler';
import { mavenHandler } from './maven';
import { npmHandler } from './npm/npm-handler';
import { nugetHandler } from './nuget/nuget-handler';
import { pypiHandler } from './pypi/pypi-handler';
import { rubyHandler } from './ruby/ruby-handler';
import { swiftHandler } from './swift/swift-handler';

export { createFormatRouter, type FormatRouterOptions } from './format-router';
export type { FormatHandler, FormatHandlers, FormatRequest } from './format-request';

export const formatHandlers: FormatHandlers = {
  npm: npmHandler,
  pypi: pypiHandler,
  maven: mavenHandler,
  cargo: cargoHandler,
  ruby: rubyHandler,
  nuget: nugetHandler,
  swift: swiftHandler,
};

/** The formats served above, in one list: the UI offers client setups for these only. */
export const servedFormats: readonly string[] = Object.keys(formatHandlers);
