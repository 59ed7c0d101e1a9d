/**
 * The demo's hints name the demo's commands: `ai-gateway setup X` typed while the demo runs would write the
 * real agent config, pointed at the real port; `ai-gateway env` would print the real proxy's values.
 */
import { AGENT_IDS } from '../../contract/api.js';

/** The commands that take --demo (app/cli/commands): the ones a demo hint may name. */
export const DEMO_COMMANDS = ['env', 'run', 'token', 'test', 'setup', 'doctor', 'agents', 'usage', 'logs', 'ui-link'];

// The command, then its agent when it names one (only an agent: prose after a bare command stays prose).
const COMMAND_HINT = new RegExp(`((?:^|[\\s\`(])ai-gateway (?:${DEMO_COMMANDS.join('|')}))(?![\\w-])((?: (?:<agent>|${AGENT_IDS.join('|')})(?![\\w-]))?)`, 'gm');

/**
 * `text` with `--demo` added to every `ai-gateway <command>` that takes it and does not say it yet, after
 * the agent it names (`setup claude-code --demo`), so before a `--` (`run --demo -- python app.py`).
 */
export function withDemoFlag(text: string): string {
  return text.replace(COMMAND_HINT, (whole, command: string, argument: string, offset: number, all: string) => {
    if (/^\s+--demo\b/.test(all.slice(offset + whole.length))) return whole;
    return `${command}${argument} --demo`;
  });
}
