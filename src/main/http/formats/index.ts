/** The package-format endpoints this build serves, keyed by format. */
import type { FormatHandlers } from './format-request';

export { createFormatRouter, type FormatRouterOptions } from './format-router';
export type { FormatHandler, FormatHandlers, FormatRequest } from './format-request';

export const formatHandlers: FormatHandlers = {};
