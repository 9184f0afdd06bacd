// Git helper of a continuous-integration agent.
#include <cstdlib>
#include <string>
#include <unistd.h>
#include <sys/wait.h>

// BAD: CWE-78
int checkoutBranch(const std::string &repo, const std::string &branch)
{
    const std::string cmd = "git -C " + repo + " checkout " + branch;
    return std::system(cmd.c_str()); // FLAW: CWE-78
}

// GOOD: CWE-78
int checkoutBranchFixed(const std::string &repo, const std::string &branch)
{
    pid_t pid = fork();
    if (pid == 0) {
        execlp("git", "git", "-C", repo.c_str(), "checkout", "--end-of-options", branch.c_str(), static_cast<char *>(nullptr));
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return WEXITSTATUS(status);
}

// GOOD: CWE-78
int fetchAll()
{
    const std::string cmd = "git fetch --all --prune";
    return std::system(cmd.c_str());
}
