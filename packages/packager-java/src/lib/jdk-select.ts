// JDK discovery lives in core: the local runtime picks a JDK to run functions with by the same rules.
export { DEFAULT_JDK_DIRS, jdkMajor, listInstalledJdks, selectJdk, type InstalledJdk } from '@nxstack/core';
