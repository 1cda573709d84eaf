import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JavaBuildInput, JavaBuildOutput } from './build-types';
import { runBuildTool } from './build-failure';

const LAYOUT_DIR = 'nxstack-lambda';

// Added to the user's build through --init-script, so their build files stay untouched: compiles
// with --release, makes archives reproducible, and syncs classes + resources + runtime jars into
// build/nxstack-lambda (jars under lib/).
const INIT_SCRIPT = `
def nxstackRelease = gradle.startParameter.projectProperties.get('nxstackJavaRelease')
allprojects { p ->
  p.tasks.withType(AbstractArchiveTask).configureEach {
    preserveFileTimestamps = false
    reproducibleFileOrder = true
  }
  p.plugins.withId('java') {
    p.tasks.withType(JavaCompile).configureEach {
      if (nxstackRelease) options.release.set(Integer.parseInt(nxstackRelease))
    }
    p.tasks.register('nxstackLambdaLayout', Sync) {
      into(p.layout.buildDirectory.dir('${LAYOUT_DIR}'))
      from(p.sourceSets.main.output)
      into('lib') { from(p.configurations.runtimeClasspath) }
    }
  }
}
`;

const SHADOW_PLUGIN = /com\.github\.johnrengelman\.shadow|com\.gradleup\.shadow|io\.github\.goooler\.shadow/;

/** Gradle (the project's gradlew when present) with an init script that lays out the Lambda zip. */
export async function gradleBuild(input: JavaBuildInput): Promise<JavaBuildOutput> {
  const scriptDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nxstack-gradle-'));
  try {
    const initScript = path.join(scriptDir, 'nxstack-lambda.init.gradle');
    await fs.writeFile(initScript, INIT_SCRIPT);
    const buildText = await fs.readFile(input.buildFile, 'utf8');
    const shadow = SHADOW_PLUGIN.test(buildText);
    const args = [
      '--no-daemon',
      '--console=plain',
      '--init-script',
      initScript,
      '-p',
      input.buildRoot,
      `-PnxstackJavaRelease=${input.release}`,
      'nxstackLambdaLayout',
      ...(shadow ? ['shadowJar'] : []),
    ];
    await runBuildTool('gradle', input.command, args, {
      cwd: input.buildRoot,
      env: { ...input.env, JAVA_HOME: input.jdkHome },
      resourceName: input.resourceName,
      location: input.location,
    });
    const buildDir = path.join(input.buildRoot, 'build');
    if (shadow) {
      const libs = path.join(buildDir, 'libs');
      const all = (await fs.readdir(libs)).filter((f) => f.endsWith('-all.jar'));
      if (all.length === 1) return { rootDirs: [], shadedJar: path.join(libs, all[0]) };
    }
    const layout = path.join(buildDir, LAYOUT_DIR);
    return { rootDirs: [layout] };
  } finally {
    await fs.rm(scriptDir, { recursive: true, force: true });
  }
}
