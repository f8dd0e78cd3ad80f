import Certificates
import HTTPTypes
import Hummingbird
import NIOCore
import Pages
import Platform

/// The public web pages, mounted beside the API: what a certificate's link and QR code open. Plain HTML with
/// inline styles and no scripts, which the Content-Security-Policy enforces.
enum WebPages {
    /// The page routes anyone may open, as the router names them.
    static let publicRoutes = ["GET /verify/{code}", "GET /verify/{code}/print"]

    static func register(on router: Router<AppRequestContext>, services: Services) async throws {
        let pages = try await CertificatePages(issuer: services.issuer)
        router.get("/verify/:code") { _, context -> Response in
            let verification = try await services.verification.verify(try context.parameters.require("code"))
            return html(pages.verification(verification), status: verification.answer == .unknown ? .notFound : .ok)
        }
        router.get("/verify/:code/print") { _, context -> Response in
            let code = try context.parameters.require("code")
            let verification = try await services.verification.verify(code, basis: true)
            // The printable certificate lists the training it rests on: only for whoever holds its link's code,
            // not for anyone who guesses a number (numbers are consecutive).
            guard verification.certificate?.verificationCode == code, let page = try pages.printable(verification) else {
                return html(pages.verification(verification), status: verification.answer == .unknown ? .notFound : .ok)
            }
            return html(page, status: .ok)
        }
    }

    static func html(_ text: String, status: HTTPResponse.Status) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            // A certificate's state can change at any time: never answer from a cache.
            .cacheControl: "no-store",
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ]
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
