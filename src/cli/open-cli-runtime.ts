// What commands that run things share: load the project (printing its problems when it does not load), open the
// store and the runtime with the runtime options, and report a store that cannot be opened as a readable error.
import { isRuntimeError } from '../errors/runtime-error.js';
import type { ProjectModel } from '../model/model.js';
import { loadProject } from '../project/load-project.js';
import { openRuntime, type Runtime } from '../runtime/open-runtime.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { EXIT, type CliContext } from './cli-command.js';
import { renderLoaded } from './format/render-loaded.js';
import { formatRuntimeError } from './print-runtime-error.js';
import { projectRoot } from './project-option.js';
import { resolveRuntimeOptions, type ResolvedRuntimeOptions, type RuntimeFlags } from './runtime-options.js';

/** The global and runtime flags every such command sees through `optsWithGlobals()`. */
export interface GlobalFlags extends RuntimeFlags {
  project?: string;
}

export interface CliRuntime {
  readonly runtime: Runtime;
  readonly model: ProjectModel;
  readonly options: ResolvedRuntimeOptions;
  close(): Promise<void>;
}

/** The compiled project, or undefined after printing its diagnostics on stderr (exit code 1). */
export async function loadProjectOrReport(context: CliContext, flags: GlobalFlags): Promise<ProjectModel | undefined> {
  const loaded = await loadProject(projectRoot(context.io, flags.project));
  if (loaded.model) return loaded.model;
  context.io.stderr(renderLoaded(loaded));
  context.io.stderr('the project does not load: fix the problems above (`runtime validate` lists them too)\n');
  context.exitCode = EXIT.problems;
  return undefined;
}

/** The store alone (listings that need no definitions), or undefined after printing why it cannot be opened. */
export function openCliStore(context: CliContext, flags: GlobalFlags): Store | undefined {
  const options = resolveRuntimeOptions(context.io, projectRoot(context.io, flags.project), flags);
  return openStoreOrReport(context, options);
}

export async function openCliRuntime(context: CliContext, flags: GlobalFlags): Promise<CliRuntime | undefined> {
  const model = await loadProjectOrReport(context, flags);
  if (!model) return undefined;
  const options = resolveRuntimeOptions(context.io, model.root, flags);
  const store = openStoreOrReport(context, options);
  if (!store) return undefined;
  const runtime = openRuntime({ model, dataDir: options.dataDir, allowPrivateNetwork: options.allowPrivateNetwork, store });
  return {
    runtime,
    model,
    options,
    async close() {
      await runtime.close();
      store.close();
    },
  };
}

function openStoreOrReport(context: CliContext, options: ResolvedRuntimeOptions): Store | undefined {
  try {
    return openStore(options.dataDir, { env: context.io.env });
  } catch (e) {
    if (!isRuntimeError(e)) throw e;
    context.io.stderr(formatRuntimeError(e));
    context.exitCode = EXIT.problems;
    return undefined;
  }
}
