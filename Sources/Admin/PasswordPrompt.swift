import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a password without it ever being an argument: from the terminal with echo off, or as one line of
/// standard input when that is not a terminal (`printf '%s\n' "$pw" | pilnveide users set-password ...`).
enum PasswordPrompt {
    static func read(_ prompt: String, confirm: Bool) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
                throw PromptError("no password on standard input")
            }
            return line
        }
        let first = try readHidden(prompt)
        if confirm {
            let second = try readHidden("Repeat the password: ")
            guard first == second else { throw PromptError("the two passwords differ") }
        }
        return first
    }

    private static func readHidden(_ prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var original = termios()
        tcgetattr(STDIN_FILENO, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
            throw PromptError("no password given")
        }
        return line
    }
}

struct PromptError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
