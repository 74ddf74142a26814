// runtime/submit: what `flint submit` needs below the CLI — program bundles (esbuild, content-addressed
// in the object store), application records (KV), the environment contract of a submitted program,
// the per-node DriverLauncher for cluster mode, and the console progress bar.
export {
  ApplicationState, isFinalState, markRunning, markRestarting, markEnded, describeExit,
  type ApplicationRecord, type DeployMode,
} from './application-record.js';
export { appsBucket, JetStreamApplicationStore, listApplications, type ApplicationStore } from './application-store.js';
export { bundlesBucket, bundleHash, JetStreamBundleStore, type BundleStore } from './bundle-store.js';
export { bundleProgram, formatMessage, NATIVE_EXTERNALS, type ProgramBundle, type BundleOptions } from './program-bundler.js';
export {
  FLINT_HOST_SCHEME, flintPackageRoot, flintRootUrl, hostSpecifierFor, hostSpecifierForPackageImport, resolveHostSpecifier, registerFlintHost,
} from './flint-host.js';
export {
  APP_ID_ENV, DRIVER_ATTEMPT_ENV, DRIVER_PARENT_PID_ENV, driverEnv, submitConf, splitUrlCredentials,
  type NatsCredentials, type NatsTlsFiles, type SubmitConfInput, type DriverEnvInput,
} from './driver-environment.js';
export { deployModeKey, showConsoleProgress } from './submit-config.js';
export {
  DRIVER_LAUNCHER_NAME, DRIVER_LAUNCHER_PATH, DRIVER_LAUNCHER_PROTOCOL_VERSION, driverLauncherRef, launchDriverProtocol,
  type LaunchDriver, type LaunchDriverReply,
} from './driver-launcher-protocol.js';
export { stepDriverRun, isRunOver, preparing, type DriverRun, type DriverRunInput, type DriverRunCommand, type AttemptExit } from './driver-run.js';
export { driverLauncherProps, driverLauncherProtocol, attemptChildId, parseAttemptChildId, type DriverLauncherMessage, type DriverLauncherDeps } from './driver-launcher.js';
export { startDriverLauncher, type DriverLauncherOptions, type DriverLauncherHandle } from './start-driver-launcher.js';
export { consoleProgress, type ConsoleProgress, type ConsoleProgressOptions, type ProgressSource, type ProgressStream } from './console-progress.js';
export { applyProgressEvent, renderProgress, type StageProgress, type ProgressState, type ProgressEvent } from './progress-bar.js';
export { newSubmissionId } from './submission-id.js';
