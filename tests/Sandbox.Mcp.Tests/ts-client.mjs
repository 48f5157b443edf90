// A third-party MCP client: the TypeScript SDK from npm (installed by build/mcp-client/install.sh) drives
// `sandbox mcp` over stdio, lists its tools and runs code through run_code, then prints one JSON line.
// Usage: node ts-client.mjs SDK_FOLDER COMMAND [ARGS...]
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [sdkFolder, command, ...args] = process.argv.slice(2);
const sdk = (path) => import(pathToFileURL(join(sdkFolder, 'node_modules/@modelcontextprotocol/sdk/dist/esm', path)).href);
const { Client } = await sdk('client/index.js');
const { StdioClientTransport } = await sdk('client/stdio.js');

const transport = new StdioClientTransport({ command, args, stderr: 'inherit' });
const client = new Client({ name: 'sandbox-ts-test-client', version: '1.0.0' });
await client.connect(transport);
try {
  const { tools } = await client.listTools();
  const run = await client.callTool({
    name: 'run_code',
    arguments: { language: 'python', code: 'print("hi from ts")\nresult = {"sum": input["a"] + input["b"]}', input: { a: 2, b: 3 } },
  });
  const refused = await client.callTool({ name: 'session_exec', arguments: { session_id: 'nope', command: ['true'] } });
  console.log(JSON.stringify({
    tools: tools.map((t) => t.name),
    hasOutputSchemas: tools.every((t) => t.outputSchema !== undefined),
    run: { isError: run.isError ?? false, structured: run.structuredContent, text: run.content[0]?.text },
    refused: { isError: refused.isError ?? false, text: refused.content[0]?.text },
  }));
} finally {
  await client.close();
}
