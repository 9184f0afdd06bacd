// "edit" subcommand of a notes tool: opens a note in the user's editor.
#include <cstdlib>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

// BAD: CWE-78
int editNote(const std::string &path)
{
    const char *editor = std::getenv("EDITOR");
    std::string cmd = std::string(editor ? editor : "vi") + " " + path;
    return std::system(cmd.c_str()); // FLAW: CWE-78
}

// GOOD: CWE-78
int editNoteExec(const std::string &path)
{
    const char *editor = std::getenv("EDITOR");
    pid_t pid = fork();
    if (pid == 0) {
        execlp(editor ? editor : "vi", editor ? editor : "vi", path.c_str(), static_cast<char *>(nullptr));
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return WEXITSTATUS(status);
}
