/** The format for each id. */
import type { ConfigFormat, FormatId } from './format.js';
import { jsonFormat } from './json-format.js';
import { tomlFormat } from './toml-format.js';
import { yamlFormat } from './yaml-format.js';

const FORMATS: Record<FormatId, ConfigFormat> = { json: jsonFormat, yaml: yamlFormat, toml: tomlFormat };

/** The format with this id. */
export function formatFor(id: FormatId): ConfigFormat {
  return FORMATS[id];
}
