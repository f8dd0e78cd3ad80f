import Foundation

/// One folder for everything a test run writes to disk (files to import, key folders, migrations to try), removed
/// when the run ends, so the suite leaves nothing behind in the system's temporary directory.
public enum TestScratch {
    public static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pilnveide-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { removeFolder() }
        return url
    }()

    /// A new, unused path in the folder, ending in `name`.
    public static func path(_ name: String) -> URL { folder.appendingPathComponent("\(UUID().uuidString)-\(name)") }

    private static func removeFolder() {
        try? FileManager.default.removeItem(at: folder)
    }
}
