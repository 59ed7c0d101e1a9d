/** The agents the app knows; adding an agent means adding its descriptor here. */
import type { AgentId } from '../../contract/api.js';
import type { AgentDescriptor } from './descriptor.js';
import { claudeCode } from './descriptors/claude-code.js';
import { codex } from './descriptors/codex.js';
import { continueDev } from './descriptors/continue.js';
import { goose } from './descriptors/goose.js';
import { langchain } from './descriptors/langchain.js';
import { opencode } from './descriptors/opencode.js';

/** Every agent, in the order the UI lists them. */
export const AGENT_DESCRIPTORS: readonly AgentDescriptor[] = [claudeCode, opencode, codex, continueDev, goose, langchain];

/** The descriptor for an agent id, if known. */
export function findDescriptor(id: string, descriptors: readonly AgentDescriptor[] = AGENT_DESCRIPTORS): AgentDescriptor | undefined {
  return descriptors.find((d) => d.id === (id as AgentId));
}
