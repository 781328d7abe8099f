// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dangjian",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dangjian", targets: ["dangjian"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder.git", from: "0.18.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
    ],
    targets: [
        // Rules, validators, access policy, charts: Foundation only, tested in milliseconds.
        .target(name: "DangjianCore"),
        // Spreadsheets in and out (.xlsx, .csv in UTF-8 or GBK), streaming: no Vapor, tested in milliseconds.
        .target(
            name: "DangjianDocuments",
            dependencies: [
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "XMLCoder", package: "XMLCoder"),
            ]
        ),
        // Pages as Swift: elements, attributes and text escaped by construction, written into a ByteBuffer.
        .target(name: "DangjianHTML", dependencies: ["DangjianCore", .product(name: "NIOCore", package: "swift-nio")]),
        .target(
            name: "DangjianApp",
            dependencies: [
                "DangjianCore",
                "DangjianDocuments",
                "DangjianHTML",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Crypto", package: "swift-crypto"),
                // scrypt, for the backup passphrase.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                // The SMTP client of the outbox.
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "dangjian", dependencies: ["DangjianApp"]),
        .testTarget(name: "DangjianCoreTests", dependencies: ["DangjianCore"]),
        .testTarget(name: "DangjianDocumentsTests", dependencies: ["DangjianDocuments", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "DangjianHTMLTests", dependencies: ["DangjianHTML"]),
        .testTarget(
            name: "DangjianAppTests",
            dependencies: [
                "DangjianApp",
                "DangjianDocuments",
                .product(name: "VaporTesting", package: "vapor"),
                // The SMTP stand-in the outbox's tests deliver to.
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ]
)
