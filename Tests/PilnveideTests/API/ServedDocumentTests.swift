import Foundation
import Testing
import TestSupport

/// The document the server serves at `/openapi.yaml`, read by the tools others will read it with: the pinned
/// openapi-spec-validator (PyPI), and PyYAML, a YAML 1.1 reader like many code generators. To YAML 1.1 an
/// unquoted `on`, `off`, `yes`, `no` (and, to some readers, `y` and `n`) is a boolean, so a property named `on`
/// in a `required` list became `true` and the document stopped being OpenAPI. `make test` installs both tools
/// into .local/openapi-tools (scripts/ensure-openapi-tools.sh).
@Suite(.freshDatabase) struct ServedDocumentTests {
    static let packageRoot = TestDatabase.migrationsDirectory.deletingLastPathComponent()

    static func tool(_ name: String) throws -> URL {
        let folder = ProcessInfo.processInfo.environment["PILNVEIDE_OPENAPI_TOOLS"]
            ?? packageRoot.appendingPathComponent(".local/openapi-tools").path
        let path = URL(fileURLWithPath: folder).appendingPathComponent("bin/\(name)")
        guard FileManager.default.isExecutableFile(atPath: path.path) else {
            throw FuzzSetupError("\(name) is not installed at \(path.path): run `make test`, which installs it")
        }
        return path
    }

    /// The served document, saved where the tools can read it.
    static func servedDocument() async throws -> URL {
        let file = TestScratch.path("openapi.yaml")
        try await withAPI { api, _ in
            let response = try await api.request(.get, "/openapi.yaml")
            #expect(response.status == .ok)
            try Data(response.text.utf8).write(to: file)
        }
        return file
    }

    @Test func openapiSpecValidatorAcceptsTheServedDocument() async throws {
        let validator = try Self.tool("openapi-spec-validator")
        let document = try await Self.servedDocument()
        let (status, output) = try await Self.run(validator, ["--validation-errors", "all", document.path])
        #expect(status == 0, "openapi-spec-validator refuses the served document:\n\(output)")
    }

    /// No key, list item or value of the document is a YAML 1.1 boolean unless it is meant as one: every name
    /// such as `on` is quoted. (`true` and `false` written so are booleans to every reader; as a key, never meant.)
    @Test func noNameInTheServedDocumentIsAYAML11Boolean() async throws {
        let python = try Self.tool("python")
        let document = try await Self.servedDocument()
        let script = """
            import sys, yaml
            words = {"y", "n", "yes", "no", "on", "off", "true", "false"}
            found = []
            def check(node, where, key=False):
                if not isinstance(node, yaml.ScalarNode) or node.style is not None:
                    return
                resolved = node.tag == "tag:yaml.org,2002:bool" or node.value.lower() in words
                if resolved and (key or node.value not in ("true", "false")):
                    found.append(f"line {node.start_mark.line + 1}: {node.value!r} ({where})")
            def walk(node, path):
                if isinstance(node, yaml.MappingNode):
                    for key, value in node.value:
                        check(key, f"a key in {path or '/'}", key=True)
                        check(value, f"the value of {path}/{key.value}")
                        walk(value, f"{path}/{key.value}")
                elif isinstance(node, yaml.SequenceNode):
                    for index, item in enumerate(node.value):
                        check(item, f"an item of {path}")
                        walk(item, f"{path}[{index}]")
            with open(sys.argv[1], encoding="utf-8") as file:
                walk(yaml.compose(file), "")
            print("\\n".join(found))
            sys.exit(1 if found else 0)
            """
        let (status, output) = try await Self.run(python, ["-c", script, document.path])
        #expect(status == 0, "names a YAML 1.1 reader takes for booleans (quote them):\n\(output)")
    }

    /// Every text parameter (query, path, header: a string with no `format` or `enum`) has the rule a body's
    /// text has: a pattern that refuses control characters. A NUL in `?course=` once reached PostgreSQL, which
    /// cannot store it; the server holds parameters to their patterns (ParameterTextMiddleware), so a parameter
    /// without one would take anything.
    @Test func everyTextParameterRefusesControlCharacters() async throws {
        let python = try Self.tool("python")
        let document = try await Self.servedDocument()
        let script = """
            import re, sys, yaml
            with open(sys.argv[1], encoding="utf-8") as file:
                document = yaml.safe_load(file)
            components = document["components"]
            def resolved(node, kind):
                reference = node.get("$ref")
                return components[kind][reference.split("/")[-1]] if reference else node
            control = [chr(c) for c in (0x00, 0x01, 0x09, 0x0A, 0x1F, 0x7F, 0x85, 0x9F)]
            found = []
            for path, item in document["paths"].items():
                for method, operation in item.items():
                    if method == "parameters":
                        continue
                    for parameter in item.get("parameters", []) + operation.get("parameters", []):
                        parameter = resolved(parameter, "parameters")
                        schema = resolved(parameter.get("schema", {}), "schemas")
                        if schema.get("type") != "string" or "enum" in schema or "format" in schema:
                            continue
                        where = f"{method.upper()} {path}: {parameter['in']} parameter {parameter['name']}"
                        pattern = schema.get("pattern")
                        if pattern is None:
                            found.append(f"{where} has no pattern")
                        elif not re.search(pattern, "ANO-BTK-2027"):
                            found.append(f"{where} refuses plain text")
                        else:
                            taken = [hex(ord(c)) for c in control if re.search(pattern, f"A{c}B")]
                            if taken:
                                found.append(f"{where} takes {', '.join(taken)}")
            print("\\n".join(found))
            sys.exit(1 if found else 0)
            """
        let (status, output) = try await Self.run(python, ["-c", script, document.path])
        #expect(status == 0, "text parameters without the rule body text has:\n\(output)")
    }

    static func run(_ executable: URL, _ arguments: [String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let text = ChildProcess.Output(reading: output)
        try process.run()
        let status = await ChildProcess.exit(of: process)
        return (status, text.text)
    }
}
