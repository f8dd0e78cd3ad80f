import Certificates
import Core
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Pages
import Platform

/// The public web pages, mounted beside the API: what a certificate's link and QR code open. Plain HTML with
/// inline styles and no scripts, which the Content-Security-Policy enforces.
enum WebPages {
    /// The page routes anyone may open, as the router names them.
    static let publicRoutes = ["GET /verify/{code}", "GET /verify/{code}/print", "GET /set-password", "POST /set-password"]

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
        try await registerPasswordPages(on: router, services: services)
    }

    /// The page an invitation's or a reset's link opens (`/set-password?token=…`), and its form's answer. The
    /// token is in the query, which the request log never writes, and the form posts it back in the body; no page
    /// sends a Referer (`Referrer-Policy: no-referrer`). No CSRF token: the link's own token is what authorises.
    static func registerPasswordPages(on router: Router<AppRequestContext>, services: Services) async throws {
        let pages = try await PasswordPages()
        let accounts = services.accounts
        @Sendable func page(_ text: String, _ status: HTTPResponse.Status) -> Response { html(text, status: status, formAction: "'self'") }

        router.get("/set-password") { request, _ -> Response in
            let query = request.uri.queryParameters
            let language = PasswordPages.language(query: query.get("lang"), header: request.headers[.acceptLanguage])
            let token = query.get("token") ?? ""
            guard let link = try await accounts.openLink(secret: token) else { return page(pages.linkRefused(in: language), .notFound) }
            return page(pages.form(token: token, email: link.email, invitation: link.purpose == .invitation, in: language), .ok)
        }
        router.post("/set-password") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 16 * 1024)
            let form = PasswordForm(String(buffer: body))
            let language = PasswordPages.language(query: form.lang, header: request.headers[.acceptLanguage])
            guard let link = try await accounts.openLink(secret: form.token) else { return page(pages.linkRefused(in: language), .notFound) }
            var problems = accounts.passwordPolicy.problems(form.password, email: link.email).map { $0.text(in: language) }
            if form.password != form.confirmation {
                problems.insert(language == .lv ? "Abas paroles nesakrīt." : "The two passwords differ.", at: 0)
            }
            guard problems.isEmpty else {
                return page(pages.form(token: form.token, email: link.email, invitation: link.purpose == .invitation, problems: problems, in: language),
                            .unprocessableContent)
            }
            do {
                try await accounts.setPassword(linkSecret: form.token, password: form.password)
            } catch ServiceError.validation(let fields) where fields.contains(where: { $0.field == "token" }) {
                // Used by another request in the meantime.
                return page(pages.linkRefused(in: language), .notFound)
            }
            return page(pages.done(in: language), .ok)
        }
    }

    static func html(_ text: String, status: HTTPResponse.Status, formAction: String = "'none'") -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            // A certificate's state can change at any time, and a set-password page holds a link's token: never cache.
            .cacheControl: "no-store",
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action \(formAction); frame-ancestors 'none'",
        ]
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The set-password form as posted (`application/x-www-form-urlencoded`); what is missing is empty.
struct PasswordForm {
    var token = ""
    var password = ""
    var confirmation = ""
    var lang: String?

    init(_ body: String) {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let value = parts.count == 2 ? decoded(parts[1]) : ""
            switch decoded(parts[0]) {
            case "token": token = value
            case "password": password = value
            case "confirmation": confirmation = value
            case "lang": lang = value
            default: break
            }
        }
    }
}
