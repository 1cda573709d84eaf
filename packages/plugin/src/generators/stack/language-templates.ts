// What `nx g @nxstack/plugin:stack` writes per language: the function's packaging/runtime lines
// for stack.yml and its source files (paths relative to the project root). Each one deploys as
// generated (e2e/install-path.test.ts) and returns { message: '<GREETING>, <name>!' } for an event { name }.

export type StackLanguage = 'ts' | 'python' | 'go' | 'java';

export interface LanguageTemplate {
  /** Runtime written into stack.yml (the newest each packager and the local runtime run today). */
  readonly runtime: string;
  /** Entry file, relative to the project root. */
  readonly entryfilePath: string;
  /** Files to create, relative to the project root. */
  readonly files: (project: string) => Record<string, string>;
}

const TS_HANDLER = `export interface HelloEvent {
  readonly name?: string;
}

export const handler = async (event: HelloEvent): Promise<{ message: string }> => ({
  message: \`\${process.env.GREETING ?? 'Hello'}, \${event.name ?? 'world'}!\`,
});
`;

const PY_HANDLER = `import os


def handler(event, context):
    name = (event or {}).get("name", "world")
    return {"message": f"{os.environ.get('GREETING', 'Hello')}, {name}!"}
`;

const GO_MAIN = `package main

import (
\t"context"
\t"os"

\t"github.com/aws/aws-lambda-go/lambda"
)

type event struct {
\tName string \`json:"name"\`
}

type reply struct {
\tMessage string \`json:"message"\`
}

func handle(_ context.Context, e event) (reply, error) {
\tname := e.Name
\tif name == "" {
\t\tname = "world"
\t}
\tgreeting := os.Getenv("GREETING")
\tif greeting == "" {
\t\tgreeting = "Hello"
\t}
\treturn reply{Message: greeting + ", " + name + "!"}, nil
}

func main() {
\tlambda.Start(handle)
}
`;

// go.sum of aws-lambda-go v1.47.0, so the first build needs no `go mod tidy`.
const GO_SUM = `github.com/aws/aws-lambda-go v1.47.0 h1:0H8s0vumYx/YKs4sE7YM0ktwL2eWse+kfopsRI1sXVI=
github.com/aws/aws-lambda-go v1.47.0/go.mod h1:dpMpZgvWx5vuQJfBt0zqBha60q7Dd7RfgJv23DymV8A=
github.com/davecgh/go-spew v1.1.1 h1:vj9j/u1bqnvCEfJOwUhtlOARqs3+rkHYY13jYWTU97c=
github.com/davecgh/go-spew v1.1.1/go.mod h1:J7Y8YcW2NihsgmVo/mv3lAwl/skON4iLHjSsI+c5H38=
github.com/pmezard/go-difflib v1.0.0 h1:4DBwDE0NGyQoBHbLQYPwSUPoCMWR5BEzIk/f1lZbAQM=
github.com/pmezard/go-difflib v1.0.0/go.mod h1:iKH77koFhYxTK1pcRnkKkqfTogsbg7gZNVY4sRDYZ/4=
github.com/stretchr/testify v1.7.2 h1:4jaiDzPyXQvSd7D0EjG45355tLlV3VOECpq10pLC+8s=
github.com/stretchr/testify v1.7.2/go.mod h1:R6va5+xMeoiuVRoj+gSkQ7d3FALtqAAGI1FQKckRals=
gopkg.in/yaml.v3 v3.0.1 h1:fxVm/GzAzEWqLHuvctI91KS9hhNmmWOoWu0XTYJS7CA=
gopkg.in/yaml.v3 v3.0.1/go.mod h1:K4uyk7z7BCEPqu6E+C64Yfv1cQ7kz7rIZviUmN+EgEM=
`;

const JAVA_HANDLER = `package hello;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Greets the event's name. */
public class Hello implements RequestHandler<Map<String, Object>, Map<String, String>> {
  @Override
  public Map<String, String> handleRequest(Map<String, Object> event, Context context) {
    Object name = event == null ? null : event.get("name");
    String greeting = System.getenv().getOrDefault("GREETING", "Hello");
    return Map.of("message", greeting + ", " + (name == null ? "world" : name) + "!");
  }
}
`;

/** Maven coordinates must be plain: the project name with anything else turned into '-'. */
function artifactId(project: string): string {
  return project.replace(/[^A-Za-z0-9_.-]/g, '-');
}

/** One Maven build plugin of the Lambda POM (versions the Java packager is tested with). */
const mavenPlugin = (artifactId: string, version: string) =>
  `      <plugin>\n        <groupId>org.apache.maven.plugins</groupId>\n        <artifactId>${artifactId}</artifactId>\n        <version>${version}</version>\n      </plugin>\n`;

/** A Java 21 Lambda's pom.xml: aws-lambda-java-core and the plugins a jar build needs (also the benchmark's). */
export const lambdaPom = (groupId: string, artifactId: string) => `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>${groupId}</groupId>
  <artifactId>${artifactId}</artifactId>
  <version>1.0.0</version>
  <packaging>jar</packaging>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>21</maven.compiler.release>
  </properties>
  <dependencies>
    <dependency>
      <groupId>com.amazonaws</groupId>
      <artifactId>aws-lambda-java-core</artifactId>
      <version>1.2.3</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
${mavenPlugin('maven-compiler-plugin', '3.13.0')}${mavenPlugin('maven-resources-plugin', '3.3.1')}${mavenPlugin('maven-jar-plugin', '3.4.2')}${mavenPlugin('maven-dependency-plugin', '3.8.1')}    </plugins>
  </build>
</project>
`;

const pom = (project: string) => lambdaPom('hello', artifactId(project));

/** A Go module path from the project name (lowercase, path-safe). */
function goModule(project: string): string {
  return project.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
}

export const LANGUAGE_TEMPLATES: Readonly<Record<StackLanguage, LanguageTemplate>> = {
  ts: { runtime: 'nodejs22.x', entryfilePath: 'src/hello.ts', files: () => ({ 'src/hello.ts': TS_HANDLER }) },
  python: { runtime: 'python3.12', entryfilePath: 'src/hello.py', files: () => ({ 'src/hello.py': PY_HANDLER }) },
  go: {
    runtime: 'provided.al2023',
    entryfilePath: 'cmd/hello/main.go',
    files: (project) => ({
      'go.mod': `module ${goModule(project)}\n\ngo 1.21\n\nrequire github.com/aws/aws-lambda-go v1.47.0\n`,
      'go.sum': GO_SUM,
      'cmd/hello/main.go': GO_MAIN,
    }),
  },
  java: {
    runtime: 'java21',
    entryfilePath: 'src/main/java/hello/Hello.java',
    files: (project) => ({ 'pom.xml': pom(project), 'src/main/java/hello/Hello.java': JAVA_HANDLER }),
  },
};
