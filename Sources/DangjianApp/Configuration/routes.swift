import DangjianCore
import Vapor

/// Every route of the platform, grouped by area. Each declares the permission it needs (`requires`); the
/// authorization middleware refuses any that does not.
func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: AuthPages())
    try app.register(collection: SecondFactorPages())
    try app.register(collection: HomePages())
    try app.register(collection: OrganizationPages())
    try app.register(collection: MemberPages())
    try app.register(collection: AuditPages())
    try app.register(collection: AdministrationPages())
    try app.register(collection: ImportPages())
    try app.register(collection: FileRoutes())
    try app.register(collection: DevelopmentPages())
    try app.register(collection: ActivityPages())
    try app.register(collection: DuesPages())
    try app.register(collection: FundPages())
    try app.register(collection: BackupPages())
    try app.register(collection: ResidentPages())
    try app.register(collection: DemandPages())
    try app.register(collection: PublicPages())
    try app.register(collection: SupervisionPages())
    try app.register(collection: MessagePages())
    try app.register(collection: MetricsRoutes())
    if app.dangjian.configuration.rehearsalClock { try app.register(collection: RehearsalClockRoutes()) }

    let api = app.grouped("api", "v1")
    try api.register(collection: AuthAPI())
    try api.register(collection: SecondFactorAPI())
    try api.register(collection: HomeAPI())
    try api.register(collection: OrganizationAPI())
    try api.register(collection: MemberAPI())
    try api.register(collection: AuditAPI())
    try api.register(collection: AdministrationAPI())
    try api.register(collection: ImportAPI())
    try api.register(collection: FileRoutes(api: true))
    try api.register(collection: DevelopmentAPI())
    try api.register(collection: ActivityAPI())
    try api.register(collection: DuesAPI())
    try api.register(collection: FundAPI())
    try api.register(collection: BackupAPI())
    try api.register(collection: ParticipationAPI())
    try api.register(collection: MessageAPI())
    try api.register(collection: OpenAPIController())
}
