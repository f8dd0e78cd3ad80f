import Foundation

/// Where the server and the CLI find the project's folders: the migrations, the course catalogue and the
/// project-local database's credentials. Each may be set explicitly; otherwise the first folder holding both
/// `Migrations/` and `Courses/` is used, looking upwards from the working directory and then from the executable
/// (`.build/debug/pilnveide` finds the checkout it was built in), so the binaries work when started from
/// elsewhere.
public struct InstallationLayout: Sendable, Equatable {
    public var migrations: URL
    public var courses: URL
    /// The project-local cluster's folder (`.local/`), holding `database-url`.
    public var local: URL

    /// `PILNVEIDE_MIGRATIONS`, `PILNVEIDE_COURSES` and `PILNVEIDE_LOCAL_DIR` override the folders found.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        executable: URL? = Bundle.main.executableURL
    ) -> InstallationLayout {
        let starts = [URL(fileURLWithPath: workingDirectory, isDirectory: true)]
            + (executable.map { [$0.resolvingSymlinksInPath().deletingLastPathComponent()] } ?? [])
        let root = starts.lazy.compactMap(projectRoot(above:)).first ?? starts[0]
        func folder(_ variable: String, default name: String) -> URL {
            if let path = environment[variable], !path.isEmpty { return URL(fileURLWithPath: path, isDirectory: true) }
            return root.appendingPathComponent(name, isDirectory: true)
        }
        return InstallationLayout(
            migrations: folder("PILNVEIDE_MIGRATIONS", default: "Migrations"),
            courses: folder("PILNVEIDE_COURSES", default: "Courses"),
            local: folder("PILNVEIDE_LOCAL_DIR", default: ".local")
        )
    }

    /// The nearest folder at or above `start` that holds both a `Migrations` and a `Courses` folder.
    static func projectRoot(above start: URL) -> URL? {
        var candidate = start.standardizedFileURL
        while true {
            if isFolder(candidate.appendingPathComponent("Migrations")), isFolder(candidate.appendingPathComponent("Courses")) {
                return candidate
            }
            let parent = candidate.deletingLastPathComponent().standardizedFileURL
            if candidate.path == "/" || parent.path == candidate.path { return nil }
            candidate = parent
        }
    }

    private static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
