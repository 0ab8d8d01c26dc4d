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
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.21.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // In the graph through Hummingbird and AsyncHTTPClient; the emulator's connection guards use them directly.
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.24.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        // Already in the graph through Hummingbird; used directly for SIGINT/SIGTERM in `import`.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        // Already in the graph through AsyncHTTPClient's swift-certificates; SHA-256 of backup files.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
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
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ESAPI",
            dependencies: [
                "ESRecords",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ESEmulator",
            dependencies: [
                "ESRecords",
                "ESAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
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
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "esmigrate-bench",
            dependencies: [
                "ESAPI",
                "ESRecords",
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
            dependencies: ["ESReaders", "ESRecords"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ESAPITests",
            dependencies: ["ESAPI", "ESRecords", "ESEmulator",
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ESMigrationTests",
            dependencies: ["ESMigration", "ESAPI", "ESEmulator", "ESRecords", "ESReaders",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "esmigrateTests",
            dependencies: ["esmigrate", "ESReaders", "ESRecords", "ESMigration"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
