// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "pilnveide",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pilnveide-api", targets: ["Server"]),
        .executable(name: "pilnveide", targets: ["Admin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-extras/swift-extras-base64.git", from: "1.2.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // Argon2 reference implementation from Debian's libargon2-dev.
        .systemLibrary(
            name: "CArgon2",
            pkgConfig: "libargon2",
            providers: [.apt(["libargon2-dev"])]
        ),
        // What every module shares and none owns: who is acting, errors and validation, paging, dates and Riga
        // time, the planning regions and positions, file problems and CSV. No database, no HTTP.
        .target(
            name: "Core",
            swiftSettings: swiftSettings
        ),
        // PostgreSQL plumbing: connection settings, transactions and savepoints, migrations, the audit trail.
        // E-mail: messages (MIME), an SMTP client on swift-nio, and a folder of .eml files; no database.
        .target(
            name: "Mail",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // Delivering the outbox: claims, addresses, sends through a Mail transport, retries and failures.
        .target(
            name: "Messaging",
            dependencies: [
                "Core", "Database", "Directory", "Mail",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // What each message says: one Mustache template per kind, Latvian and English side by side.
        .target(
            name: "Notices",
            dependencies: [.product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Database",
            dependencies: [
                "Core",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // People, organisations and accounts.
        .target(
            name: "Directory",
            dependencies: [
                "CArgon2", "Core", "Database",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            // The common passwords the password policy refuses (origin in scripts/make-common-passwords.py).
            resources: [.copy("Accounts/common-passwords.txt")],
            swiftSettings: swiftSettings
        ),
        // The course catalogue: course files, their checks, import and queries.
        .target(
            name: "Curriculum",
            dependencies: [
                "Core", "Database",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Trainer qualifications, groups and sessions in the regions, enrolment, attendance, calendars.
        .target(
            name: "Scheduling",
            dependencies: [
                "Core", "Database", "Directory", "Curriculum", "Notices",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // What training adds up to: closing groups (completion from the course's rule), training records —
        // from groups and from training done elsewhere, with corrections — and the reports built on them.
        .target(
            name: "Training",
            dependencies: [
                "Core", "Database", "Directory", "Curriculum", "Scheduling",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Participants' questionnaires (stored without the person) and lecturers' reports, and their results.
        .target(
            name: "Feedback",
            dependencies: [
                "Core", "Database", "Curriculum", "Scheduling",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Certification schemes as versioned files, the cycle arithmetic and each person's status.
        .target(
            name: "Certification",
            dependencies: [
                "Core", "Database", "Directory", "Curriculum", "Training", "Notices",
                .product(name: "Yams", package: "Yams"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Verifiable credentials, knowing nothing of certificates: strict JSON and its canonical form (RFC 8785),
        // base58btc and Multikey, the eddsa-jcs-2022 Data Integrity proof, Bitstring Status Lists.
        .target(
            name: "Credentials",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Certificates: issued by the inspectorate on a person's certification status, numbered without gaps, signed
        // as Open Badges 3.0 credentials with the issuer's keys, revocable through a status list, verifiable by anyone.
        .target(
            name: "Certificates",
            dependencies: [
                "Core", "Database", "Directory", "Certification", "Credentials",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // QR codes from Debian's libqrencode-dev.
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        // The public web pages: a certificate's verification page and its printable form with a QR code.
        .target(
            name: "Pages",
            dependencies: [
                "CQRencode", "Core", "Certificates", "Credentials",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings
        ),
        // The OpenAPI document and the code generated from it: the API's contract.
        .target(
            name: "APIContract",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            resources: [.copy("openapi.yaml")],
            // The generated code imports with explicit access levels; this keeps the resource accessor's
            // plain `import Foundation` from clashing with them.
            swiftSettings: swiftSettings + [.enableUpcomingFeature("InternalImportsByDefault")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // Every service of the platform, built once from one database: the one value the API handlers, the web pages
        // and the CLI are given.
        .target(
            name: "Platform",
            dependencies: [
                "Core", "Database", "Directory", "Curriculum", "Scheduling", "Training", "Feedback", "Certification", "Certificates", "Notices",
            ],
            swiftSettings: swiftSettings
        ),
        // The handlers of the contract: each turns generated input into a service call and back. No routing,
        // no middleware: the App target mounts them.
        .target(
            name: "WebAPI",
            dependencies: [
                "APIContract", "Platform", "Core", "Database", "Directory", "Curriculum", "Scheduling", "Training", "Feedback", "Certification", "Certificates",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            swiftSettings: swiftSettings
        ),
        // Assembles the application: settings, the services (built once), the request context, middleware,
        // the router with the API mounted, and the server's run loop. Both executables use it.
        .target(
            name: "App",
            dependencies: [
                "APIContract", "Platform", "Core", "Database", "Directory", "Curriculum", "Scheduling", "Training", "Feedback", "Certification", "Certificates", "Credentials", "Pages", "WebAPI", "Mail", "Messaging",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "Server",
            dependencies: [
                "App",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "Admin",
            dependencies: [
                "App", "Platform", "Core", "Database", "Directory", "Curriculum", "Scheduling", "Training", "Feedback", "Certification", "Certificates", "Credentials", "Demo", "Mail", "Messaging",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Synthetic national data for demonstrations and benchmarks: generated from a seed, written in bulk.
        .target(
            name: "Demo",
            dependencies: [
                "Core", "Database", "Curriculum", "Scheduling", "Training", "Certification", "Certificates",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test plumbing: a migrated template database and a fresh copy of it per suite.
        .target(
            name: "TestSupport",
            dependencies: [
                "Database",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PilnveideTests",
            dependencies: [
                "TestSupport", "Platform", "Core", "Database", "Directory", "Curriculum", "Scheduling", "Training", "Feedback", "Certification", "Certificates", "Credentials", "Pages", "WebAPI", "Demo", "Mail", "Messaging", "Notices",
                // Admin is not imported: the tests run its executable, which this builds first.
                "App", "Admin",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                // The mail tests' scripted SMTP server, with STARTTLS.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The W3C test vectors, read from their folder by path (W3C Software and Document License, see SOURCE.md).
            exclude: ["Credentials/Vectors"],
            swiftSettings: swiftSettings
        ),
    ]
)
