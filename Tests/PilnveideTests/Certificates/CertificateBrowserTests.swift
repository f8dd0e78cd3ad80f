import App
import Certificates
import Core
import Foundation
import Platform
import Testing
import TestSupport

/// The public pages in a real browser (Debian's Chromium, driven by Selenium): the verification page on a phone's
/// screen, with no scripts and nothing wider than the screen; the printable certificate on one A4 page, QR code shown.
@Suite(.freshDatabase) struct CertificateBrowserTests {
    static let script = """
        import sys, json, base64, subprocess, tempfile
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.print_page_options import PrintOptions
        options = webdriver.ChromeOptions()
        options.binary_location = '/usr/bin/chromium'
        for argument in ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--window-size=390,844']:
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=options)
        try:
            base, code = sys.argv[1], sys.argv[2]
            driver.get(f'{base}/verify/{code}')
            answer = driver.find_element(By.CSS_SELECTOR, '.answer')
            result = {
                'lang': driver.execute_script('return document.documentElement.lang'),
                'overflows': driver.execute_script('return document.documentElement.scrollWidth > window.innerWidth'),
                'scripts': driver.execute_script('return document.scripts.length'),
                'answer': answer.text, 'answerShown': answer.is_displayed(),
                'holder': driver.find_element(By.XPATH, "//dt[contains(., 'Turētājs')]/following-sibling::dd[1]").text,
            }
            driver.get(f'{base}/verify/{code}/print')
            result['qrWidth'] = driver.find_element(By.CSS_SELECTOR, '.qr svg').size['width']
            options = PrintOptions()
            options.page_width, options.page_height = 21.0, 29.7
            with tempfile.NamedTemporaryFile(suffix='.pdf') as pdf:
                pdf.write(base64.b64decode(driver.print_page(options)))
                pdf.flush()
                info = subprocess.run(['pdfinfo', pdf.name], capture_output=True, text=True).stdout
            result['pages'] = int(next(line.split()[-1] for line in info.splitlines() if line.startswith('Pages:')))
            result['pageSize'] = next(line.split(':', 1)[1].strip() for line in info.splitlines() if line.startswith('Page size:'))
            print(json.dumps(result))
        finally:
            driver.quit()
        """

    func browse(base: String, code: String) throws -> [String: any Sendable] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", Self.script, base, code]
        // Chromium's profile and sockets go to the run's scratch folder, which is removed when the run ends.
        // (Short: Chromium puts unix sockets there, whose paths may not exceed 107 bytes.)
        let scratch = TestScratch.folder.appendingPathComponent("c-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": scratch.path]) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the browser run failed: \(problem.suffix(2000))")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: any Sendable], "\(problem)")
    }

    @Test func aPhoneShowsTheAnswerAndThePrintedCertificateFitsOneA4Page() async throws {
        let keys = try await CertificateFixture.keyFolder()
        try await withAPI(configure: { $0.keysDirectory = keys; $0.issuer = IssuerProfile(publicURL: "https://pilnveide.example.lv") }) { api, directory in
            let services = try await Services(database: try FreshDatabase.current.database, issuing: .init(
                profile: IssuerProfile(publicURL: "https://pilnveide.example.lv"), keys: try IssuerKeys.load(from: keys)))
            let code = "WEB-\(UUID().uuidString.prefix(6))"
            _ = try await services.schemes.importSchemes(try CertificationServiceTests().scheme(code: code), by: .operator_("test"))
            let certificate = try await services.certificates.issue(
                .init(personID: directory.memberA.personID, schemeCode: code, overrideReason: "Papīra sertifikāts Nr. 13"),
                by: .caller(directory.officer)).certificate
            let port = try #require(api.client.port)
            let seen = try browse(base: "http://127.0.0.1:\(port)", code: certificate.verificationCode)
            #expect(seen["lang"] as? String == "lv" && seen["scripts"] as? Int == 0 && seen["overflows"] as? Bool == false)
            #expect(seen["answerShown"] as? Bool == true && (seen["answer"] as? String)?.hasPrefix("Derīgs") == true)
            #expect(seen["holder"] as? String == "Māra Bērziņa")
            #expect(seen["pages"] as? Int == 1 && (seen["pageSize"] as? String)?.contains("A4") == true, "\(seen)")
            #expect((seen["qrWidth"] as? Double ?? Double(seen["qrWidth"] as? Int ?? 0)) > 100)
        }
    }
}
