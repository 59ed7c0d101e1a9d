/** LangChain: a library, so nothing is written; the plan carries ready-to-paste snippets instead. */
import type { Snippet } from '../../../contract/api.js';
import { DEFAULT_TEST_MODELS } from '../../../contract/providers.js';
import type { AgentDescriptor, RenderInput } from '../descriptor.js';
import { providerOfModel, proxyPrefix } from './common.js';

function snippets(input: RenderInput): Snippet[] {
  const openaiModel = input.models.find((m) => providerOfModel(m, input.provider) !== 'anthropic') ?? 'gpt-4.1-mini';
  const claudeModel = input.models.find((m) => providerOfModel(m, input.provider) === 'anthropic') ?? DEFAULT_TEST_MODELS.anthropic;
  const openaiBase = `${proxyPrefix(input.proxyUrl, providerOfModel(openaiModel, input.provider))}/v1`;
  const anthropicBase = proxyPrefix(input.proxyUrl, 'anthropic');
  return [
    {
      title: 'Python: ChatOpenAI through the local proxy',
      language: 'python',
      code: `import os\nfrom langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI(\n    base_url="${openaiBase}",\n    api_key=os.environ["OPENAI_API_KEY"],  # set by \`ai-gateway env\` or \`ai-gateway run\`\n    model="${openaiModel}",\n)\nprint(llm.invoke("Hello through the AI Gateway").content)\n`,
    },
    {
      title: 'Python: ChatAnthropic through the local proxy',
      language: 'python',
      code: `import os\nfrom langchain_anthropic import ChatAnthropic\n\nllm = ChatAnthropic(\n    base_url="${anthropicBase}",  # no /v1: the SDK adds it\n    api_key=os.environ["ANTHROPIC_API_KEY"],  # a local key from \`ai-gateway env\`\n    model="${claudeModel}",\n)\nprint(llm.invoke("Hello through the AI Gateway").content)\n`,
    },
    {
      title: 'JavaScript: ChatOpenAI through the local proxy',
      language: 'javascript',
      code: `import { ChatOpenAI } from '@langchain/openai';\n\nconst llm = new ChatOpenAI({\n  apiKey: process.env.OPENAI_API_KEY, // a local key from \`ai-gateway env\`\n  model: '${openaiModel}',\n  configuration: { baseURL: '${openaiBase}' },\n});\nconsole.log((await llm.invoke('Hello through the AI Gateway')).content);\n`,
    },
    {
      title: 'JavaScript: ChatAnthropic through the local proxy',
      language: 'javascript',
      code: `import { ChatAnthropic } from '@langchain/anthropic';\n\nconst llm = new ChatAnthropic({\n  apiKey: process.env.ANTHROPIC_API_KEY, // a local key from \`ai-gateway env\`\n  model: '${claudeModel}',\n  anthropicApiUrl: '${anthropicBase}',\n});\nconsole.log((await llm.invoke('Hello through the AI Gateway')).content);\n`,
    },
    {
      title: 'Or keep the code unchanged and let ai-gateway set the variables',
      language: 'shell',
      code: `# OPENAI_BASE_URL / OPENAI_API_KEY / ANTHROPIC_BASE_URL / ANTHROPIC_API_KEY for this shell:\neval "$(ai-gateway env)"\n# or for one command:\nai-gateway run -- python app.py\n`,
    },
  ];
}

/** LangChain (Python and JS): ChatOpenAI / ChatAnthropic pointed at the proxy with the local key. */
export const langchain: AgentDescriptor = {
  id: 'langchain',
  name: 'LangChain',
  binary: null,
  versionArgs: [],
  modes: ['proxy'],
  directUnsupportedReason: 'LangChain is a library: your code would have to fetch and refresh the gateway token itself. Point it at the proxy instead (snippets below).',
  providers: ['openai', 'anthropic', 'google', 'azure-openai'],
  // Syntax: none, a library has no config file (it gets snippets).
  strictJson: false,
  configFiles: () => [],
  render(input) {
    return {
      files: [],
      notes: ['LangChain is a library, so no file is written: paste a snippet, or run your program with `ai-gateway run -- python app.py`.', 'The snippets read the local key from the environment that `ai-gateway env` or `ai-gateway run` sets, so they hold no key and can be shared or committed.'],
      warnings: [],
      snippets: snippets(input),
    };
  },
  async readEndpoint() {
    return null;
  },
  async overrides() {
    return [];
  },
};
