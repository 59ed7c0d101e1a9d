/** `ai-gateway agents`, `setup` and `doctor`: detect, set up, undo and check the six coding agents. */
import type { Command } from '../command.js';

/** The agent commands (wired to app/core/agents). */
export const agentCommands: Command[] = [];
