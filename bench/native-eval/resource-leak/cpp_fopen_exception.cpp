// Exports a playlist as M3U.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

struct Track {
    std::string path;
    int seconds;
};

// BAD: CWE-775
bool exportPlaylist(const std::string &file, const std::vector<Track> &tracks)
{
    std::FILE *fp = std::fopen(file.c_str(), "w");
    if (!fp)
        return false;
    std::fputs("#EXTM3U\n", fp);
    for (const Track &t : tracks) {
        if (t.path.empty())
            return false; // FLAW: CWE-775
        std::fprintf(fp, "#EXTINF:%d,\n%s\n", t.seconds, t.path.c_str());
    }
    std::fclose(fp);
    return true;
}

// GOOD: CWE-775
bool exportPlaylistFixed(const std::string &file, const std::vector<Track> &tracks)
{
    std::unique_ptr<std::FILE, int (*)(std::FILE *)> fp(std::fopen(file.c_str(), "w"), &std::fclose);
    if (!fp)
        return false;
    std::fputs("#EXTM3U\n", fp.get());
    for (const Track &t : tracks) {
        if (t.path.empty())
            return false;
        std::fprintf(fp.get(), "#EXTINF:%d,\n%s\n", t.seconds, t.path.c_str());
    }
    return true;
}
