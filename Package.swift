// swift-tools-version:6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    // Members of a module are visible only in files that import it: keeps Foundation's slow
    // `String.contains(_: StringProtocol)` out of files that never asked for Foundation.
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "esmigrate",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ESRecords", targets: ["ESRecords"]),
        .library(name: "ESReaders", targets: ["ESReaders"]),
        .library(name: "ESAPI", targets: ["ESAPI"]),
        .library(name: "ESEmulator", targets: ["ESEmulator"]),
        .library(name: "ESMigration", targets: ["ESMigration"]),
        .executable(name: "esmigrate", targets: ["esmigrate"]),
    ],
    // Minimum versions are the ones this code was built and tested with (the oldest a lower bound can be
    // claimed for without testing an older one), except where an API sets the floor, as noted.
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // 1.11.0 added `LogHandler.log(event:)`, which StderrLogHandler implements.
        .package(url: "https://github.com/apple/swift-log", from: "1.11.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // In the graph through Hummingbird and AsyncHTTPClient; the transport and the emulator's connection
        // guards use them directly.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        // In the graph through AsyncHTTPClient; the transport adds a CA bundle to the system's trust roots and
        // tells TLS failures (untrusted certificate, wrong host name) from network ones.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // Already in the graph through Hummingbird; used directly for SIGINT/SIGTERM in `import`.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Already in the graph through AsyncHTTPClient's swift-certificates; SHA-256 of backup files.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // Already in the graph through NIO; file descriptors that retry on EINTR, without `Glibc.write`.
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // `--metrics-file`: the Prometheus text exposition (names, labels, escaping, HELP/TYPE) for node_exporter's
        // textfile collector, rather than a hand-written format.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // `swift package generate-documentation`: the libraries' DocC catalogs (scripts/docs.sh, run by CI).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(
            name: "ESRecords",
            swiftSettings: strictSettings
        ),
        .target(
            name: "ESReaders",
            dependencies: [
                "ESRecords",
                "CLibXML2",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ESAPI",
            dependencies: [
                "ESRecords",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                // The budget ledger: HMAC-SHA256 file names, file descriptors.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ESEmulator",
            // Written from api-contract.md, not from the client: no ESAPI, so a wire-name mistake in one is not
            // mirrored in the other.
            dependencies: [
                "ESRecords",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ESMigration",
            dependencies: [
                "ESRecords",
                "ESReaders",
                "ESAPI",
                // xmlTextWriter for XML exports, xmlTextReader to read them back.
                "CLibXML2",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SystemPackage", package: "swift-system"),
                // NIOThreadPool: planning's file reads and SQLite writes run off the cooperative pool.
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "esmigrate",
            dependencies: [
                "ESRecords",
                "ESReaders",
                "ESAPI",
                "ESEmulator",
                "ESMigration",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        // Shared by the test targets: clocks moved by hand, a scripted transport, the emulator fixture with the
        // server's own counters, and the CLI as a child process. Not a product.
        .target(
            name: "ESTestSupport",
            dependencies: [
                "ESAPI",
                "ESEmulator",
                "ESMigration",      // the in-memory reference planner, the oracle of the SQL one
                "ESRecords",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "esmigrate-bench",
            dependencies: [
                "ESAPI",
                "ESRecords",
                "ESReaders",
                "ESMigration",
                "ESEmulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ESRecordsTests",
            dependencies: ["ESRecords"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ESReadersTests",
            // CLibXML2: the mutation test counts elements on libxml2's tree, independently of the reader.
            dependencies: ["ESReaders", "ESRecords", "CLibXML2", .product(name: "Logging", package: "swift-log")],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ESAPITests",
            dependencies: ["ESAPI", "ESRecords", "ESEmulator", "ESTestSupport",
                           .product(name: "InMemoryLogging", package: "swift-log"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ESEmulatorTests",
            dependencies: ["ESEmulator", "ESRecords", "ESTestSupport",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ESMigrationTests",
            dependencies: ["ESMigration", "ESAPI", "ESEmulator", "ESRecords", "ESReaders", "ESTestSupport",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOCore", package: "swift-nio")],
            exclude: ["Golden"],    // read by path (GoldenExportTests), not bundled
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "esmigrateTests",
            // GRDB: tests damage a journal by SQL, independently of the Journal type under test.
            dependencies: ["esmigrate", "ESAPI", "ESReaders", "ESRecords", "ESMigration", "ESTestSupport",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client")],
            exclude: ["Golden"],    // read by path (GoldenCommandTests), not bundled
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
