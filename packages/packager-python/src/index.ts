// Public API of @nxstack/packager-python.
export { packagePythonFunction, defaultCacheDir, type PackagePythonOptions, type PackagePythonResult, type PythonOptionLocations } from './lib/package-python';
export { pythonTaskInputs, resolveDependencySource, type DependencySource } from './lib/dependency-source';
export { resolvePythonVersion, SUPPORTED_PYTHON_VERSIONS, DEFAULT_PYTHON_VERSION, type PyLanguageSpecificConfig, type PythonVersion, type PackageManager } from './lib/python-config';
export { lambdaPlatformTags, pipTargetArgs } from './lib/target-platform';
export { exportLock } from './lib/lockfiles/export-lock';
export { lambdaMarkerEnvironment, evaluateMarker } from './lib/markers';
