// Runs the real divolte-collector binary for the browser tests: a generated configuration with
// one browser source and one file sink, a free port read back from the "Starting server on" log
// line, SIGTERM to stop (which publishes the files) and the records read back with python3-avro.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BINARY = process.env.DIVOLTE_BIN ?? join(REPO, 'build', 'release', 'src', 'divolte-collector');
const DUMP = join(REPO, 'tests', 'integration', 'dump_avro.py');

// Polls `condition` (sync or async) until it returns a truthy value or the deadline passes.
export async function waitUntil(condition, { timeout = 15000, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export class Collector {
  // source: HOCON members of the browser source; global: members of divolte.global.server.
  constructor({ source = '', server = '' } = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'divolte-tag-'));
    this.published = join(this.dir, 'published');
    const working = join(this.dir, 'working');
    mkdirSync(this.published);
    mkdirSync(working);
    this.configPath = join(this.dir, 'divolte-collector.conf');
    writeFileSync(this.configPath, `
divolte {
  global { server { host = 127.0.0.1, port = 0, ${server} } }
  sources { browser { type = browser, ${source} } }
  mappings { default { sources = [browser], sinks = [files] } }
  sinks {
    files {
      type = hdfs
      file_strategy { working_dir = "${working}", publish_dir = "${this.published}" }
    }
  }
}
`);
    this.output = '';
  }

  async start() {
    this.process = spawn(BINARY, ['--config', this.configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    this.process.stdout.on('data', (chunk) => (this.output += chunk));
    this.process.stderr.on('data', (chunk) => (this.output += chunk));
    const line = await waitUntil(() => {
      if (this.process.exitCode !== null) throw new Error(`collector exited:\n${this.output}`);
      return this.output.split('\n').find((text) => text.includes('Starting server on'));
    }, { message: 'the collector to start' });
    this.port = Number(/:(\d+)\s*$/.exec(line)[1]);
    this.origin = `http://127.0.0.1:${this.port}`;
    return this;
  }

  // SIGTERM (graceful: every accepted event is written and files are published).
  async stop() {
    if (this.process.exitCode === null) this.process.kill('SIGTERM');
    const code = await this.exited;
    if (code !== 0) throw new Error(`collector exit status ${code}:\n${this.output}`);
  }

  async metricsText() {
    return (await fetch(`${this.origin}/metrics`)).text();
  }

  // Every published record; call after stop().
  records() {
    return JSON.parse(execFileSync('/usr/bin/python3', ['-B', DUMP, this.published], { encoding: 'utf8' }));
  }
}
