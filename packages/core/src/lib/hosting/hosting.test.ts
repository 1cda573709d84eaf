import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStack } from '../model/load-stack';
import { StackLoadError } from '../model/stack-load-error';
import { HTML_CACHE_CONTROL, IMMUTABLE_CACHE_CONTROL, hostingFileHeaders } from './hosting-headers';
import { hostingRequestKey, hostingRouting, injectEnvironmentIntoHtml } from './hosting-routing';
import { uploadFolderOf } from './hosting-resource';
import { packageHostingFiles } from './package-hosting-files';

describe('hosting routing (the CloudFront Function source, run here as the local server runs it)', () => {
  it('single-page-app: paths without an extension serve the index document; files are served as they are', () => {
    const r = hostingRouting({ hostingContentType: 'single-page-app' });
    expect(['/', '/about', '/users/7/', '/app.js', '/static/x.css'].map((p) => hostingRequestKey(r, p))).toEqual(['index.html', 'index.html', 'index.html', 'app.js', 'static/x.css']);
  });
  it('static-website normalizes /about and /about/ to about/index.html, unless disabled', () => {
    expect(['/', '/about', '/about/', '/a/b.html'].map((p) => hostingRequestKey(hostingRouting({}), p))).toEqual(['index.html', 'about/index.html', 'about/index.html', 'a/b.html']);
    expect(['/', '/about'].map((p) => hostingRequestKey(hostingRouting({ disableUrlNormalization: true, indexDocument: '/home.html' }), p))).toEqual(['home.html', 'about']);
  });
  it('injects window.STP_INJECTED_ENV after <head> (else before <body>), escaping <', () => {
    expect(injectEnvironmentIntoHtml('<html><head><title>t</title></head></html>', { A: '1' })).toBe('<html><head>\n\t<script>window.STP_INJECTED_ENV = {"A":"1"}</script><title>t</title></head></html>');
    expect(injectEnvironmentIntoHtml('<h1>fragment</h1>', { A: '1' })).toBe('<h1>fragment</h1>');
    expect(injectEnvironmentIntoHtml('<body>x</body>', { A: '</script>' })).toBe('<head>\n\t<script>window.STP_INJECTED_ENV = {"A":"\\u003c/script>"}</script></head><body>x</body>');
  });
});

describe('hosting headers', () => {
  it('per hostingContentType as Stacktape presets them; fileOptions after the preset win; Content-Type by extension', () => {
    expect(hostingFileHeaders('img/logo.png', 'static-website')).toEqual({ 'Content-Type': 'image/png', 'Cache-Control': HTML_CACHE_CONTROL });
    expect(hostingFileHeaders('index.html', 'single-page-app')).toEqual({ 'Content-Type': 'text/html', 'Cache-Control': HTML_CACHE_CONTROL });
    expect(hostingFileHeaders('static/app.1a2b.js', 'single-page-app')).toEqual({ 'Content-Type': 'text/javascript', 'Cache-Control': IMMUTABLE_CACHE_CONTROL });
    expect(hostingFileHeaders('assets/app.js', 'single-page-app')).toEqual({ 'Content-Type': 'text/javascript' });
    expect(hostingFileHeaders('_astro/a.css', 'astro-static-website')['Cache-Control']).toBe(IMMUTABLE_CACHE_CONTROL);
    const options = [{ includePattern: 'assets/**', excludePattern: '**/*.map', headers: [{ key: 'cache-control', value: 'max-age=60' }, { key: 'Content-Type', value: 'text/plain' }] }];
    expect(hostingFileHeaders('assets/app.js', 'single-page-app', options)).toEqual({ 'Content-Type': 'text/plain', 'Cache-Control': 'max-age=60' });
    expect(hostingFileHeaders('assets/app.js.map', 'single-page-app', options)).toEqual({ 'Content-Type': 'application/json' });
  });
});

describe('hosting-bucket package', () => {
  it('copies the folder minus excludeFilesPatterns, with MD5s and headers; the same files give the same digest', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'hosting-'));
    mkdirSync(join(ws, 'web', 'dist', 'static'), { recursive: true });
    writeFileSync(join(ws, 'web', 'dist', 'index.html'), '<head></head>');
    writeFileSync(join(ws, 'web', 'dist', 'static', 'a.js'), 'x');
    writeFileSync(join(ws, 'web', 'dist', 'static', 'a.js.map'), '{}');
    const options = { workspaceRoot: ws, projectRoot: 'web', resourceName: 'site', uploadDirectoryPath: './dist', excludeFilesPatterns: ['**/*.map'], hostingContentType: 'single-page-app' as const };
    const { manifest, outputDir } = await packageHostingFiles(options);
    expect(outputDir).toBe(join(ws, 'dist', 'stack', 'web', 'site'));
    expect(manifest.files.map((f) => [f.key, f.md5, f.headers['Content-Type']])).toEqual([['index.html', '020b38c33182de073ccf4e7da504e2c6', 'text/html'], ['static/a.js', '9dd4e461268c8034f5c8564e155c67a6', 'text/javascript']]);
    expect(readFileSync(join(outputDir, 'files', 'static', 'a.js'), 'utf8')).toBe('x');
    expect((await packageHostingFiles(options)).manifest.digest).toBe(manifest.digest);
    await expect(packageHostingFiles({ ...options, uploadDirectoryPath: './build' })).rejects.toMatchObject({ code: 'NXS_PATH_NOT_FOUND' });
  });
});

describe('hosting-bucket in stack.yml', () => {
  const problems = (props: string) => {
    try {
      parseStack(`resources:\n  web:\n    type: hosting-bucket\n    properties:\n      uploadDirectoryPath: ./dist\n${props}`, 'stack.yml', { checkPaths: false });
      return [];
    } catch (e) {
      return (e as StackLoadError).problems.map((p) => [p.code, p.location?.line, p.message]);
    }
  };
  it('loads the starters shape and build/dev/writeDotenvFilesTo; refuses what nxstack does not deploy yet, at its line', () => {
    expect(problems('      hostingContentType: single-page-app\n      injectEnvironment:\n        - name: A\n          value: b\n')).toEqual([]);
    expect(problems('      build: { command: npm run build }\n      dev: { command: npm run dev, workingDirectory: . }\n      writeDotenvFilesTo: ./\n      injectEnvironment: [{ name: A, value: b }]\n')).toEqual([]);
    expect(problems('      build: { command: npm run build, cwd: . }\n')).toEqual([['NXS_UNKNOWN_PROPERTY', 6, "unknown property 'cwd' in resources.web.properties.build"]]);
    expect(problems('      fileOptions:\n        - includePattern: "**"\n          headers: [{ key: X-Frame-Options, value: DENY }, { key: cache-control, value: no-cache }]\n')).toEqual([
      ['NXS_NOT_SUPPORTED_YET', 8, "hosting-bucket fileOptions header 'X-Frame-Options' is not supported yet"],
    ]);
    expect(problems('      hostingContentType: spa\n')[0]?.[0]).toBe('NXS_INVALID_VALUE');
  });
});

describe('bucket directoryUpload in stack.yml', () => {
  const load = (upload: string) => parseStack(`resources:\n  files:\n    type: bucket\n    properties:\n      directoryUpload:\n        directoryPath: ./public\n${upload}`, 'stack.yml', { checkPaths: false });
  const problems = (upload: string) => {
    try {
      load(upload);
      return [];
    } catch (e) {
      return (e as StackLoadError).problems.map((p) => [p.code, p.location?.line, p.message]);
    }
  };

  it("is a hosting folder with Stacktape's names and no header preset by default", () => {
    const stack = load('        excludeFilesPatterns: ["*.map"]\n        fileOptions: [{ includePattern: "*.txt", headers: [{ key: Cache-Control, value: max-age=5 }] }]\n        disableS3TransferAcceleration: true\n');
    expect(uploadFolderOf(stack.config.resources.files)).toEqual({
      options: { uploadDirectoryPath: './public', excludeFilesPatterns: ['*.map'], hostingContentType: undefined, fileOptions: [{ includePattern: '*.txt', headers: [{ key: 'Cache-Control', value: 'max-age=5' }] }] },
      folderPath: ['directoryUpload', 'directoryPath'],
    });
    expect(uploadFolderOf(load('        headersPreset: single-page-app\n').config.resources.files)?.options.hostingContentType).toBe('single-page-app');
    expect(hostingFileHeaders('a.js', undefined)).toEqual({ 'Content-Type': 'text/javascript' });
  });

  it('refuses, at their lines, object tags, transfer acceleration and headers S3 cannot store', () => {
    expect(problems('        fileOptions: [{ includePattern: "**", tags: [{ key: a, value: b }] }]\n        disableS3TransferAcceleration: false\n')).toEqual([
      ['NXS_NOT_SUPPORTED_YET', 7, 'bucket directoryUpload fileOptions tags is not supported yet'],
      ['NXS_NOT_SUPPORTED_YET', 8, 'bucket directoryUpload with S3 Transfer Acceleration (disableS3TransferAcceleration: false) is not supported yet'],
    ]);
    expect(problems('        fileOptions: [{ includePattern: "**", headers: [{ key: X-Frame-Options, value: DENY }] }]\n')).toEqual([
      ['NXS_NOT_SUPPORTED_YET', 7, "bucket directoryUpload fileOptions header 'X-Frame-Options' is not supported yet"],
    ]);
  });
});
