import Crypto
import Foundation

/// One schema change: a file `NNNN_description.sql` in `Migrations/`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let fileName: String
    public let sql: String
    /// SHA-256 of the file's bytes, recorded when applied so a later edit is noticed.
    public let checksum: String

    public init(version: Int, fileName: String, sql: String) {
        self.version = version
        self.fileName = fileName
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads every `*.sql` file of `directory`, in version order.
    public static func load(from directory: URL) throws(MigrationError) -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .unreadable("cannot read the migrations folder \(directory.path): \(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        for name in names.sorted() where name.hasSuffix(".sql") {
            guard let version = Self.version(ofFileName: name) else {
                throw .badFileName(name)
            }
            if let earlier = migrations.first(where: { $0.version == version }) {
                throw .duplicateVersion(version, earlier.fileName, name)
            }
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path),
                  let sql = String(data: data, encoding: .utf8)
            else { throw .unreadable("cannot read \(url.path) as UTF-8") }
            migrations.append(Migration(version: version, fileName: name, sql: sql))
        }
        return migrations
    }

    /// `0001_directory.sql` → 1; nil for names that do not follow `NNNN_description.sql`.
    static func version(ofFileName name: String) -> Int? {
        let stem = name.dropLast(".sql".count)
        let parts = stem.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 4, let version = Int(parts[0]), version > 0,
              !parts[1].isEmpty,
              parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else { return nil }
        return version
    }
}

public enum MigrationError: Error, CustomStringConvertible, Equatable {
    case unreadable(String)
    case badFileName(String)
    case duplicateVersion(Int, String, String)
    /// A file that was applied has been edited since: the database no longer matches the files.
    case modifiedAfterApplying(fileName: String)
    /// The database has a migration this code does not know (it is older than the database).
    case unknownApplied(version: Int, fileName: String)
    /// The schema lacks migrations this code needs.
    case schemaBehind(pending: [String])
    case failed(fileName: String, statement: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let reason): reason
        case .badFileName(let name): "migration file '\(name)' must be named NNNN_description.sql"
        case .duplicateVersion(let version, let first, let second):
            "migrations '\(first)' and '\(second)' share version \(version)"
        case .modifiedAfterApplying(let name):
            "migration \(name) was edited after it was applied (its checksum differs); restore it and put the change in a new migration"
        case .unknownApplied(let version, let name):
            "the database has migration \(name) (version \(version)) that is not in the migrations folder; is this code older than the database?"
        case .schemaBehind(let pending):
            "the database schema is behind: \(pending.count) migration(s) pending (\(pending.joined(separator: ", "))); run `pilnveide migrate`"
        case .failed(let name, let statement, let reason):
            "migration \(name) failed at statement \(statement): \(reason); nothing of it was applied"
        }
    }
}
