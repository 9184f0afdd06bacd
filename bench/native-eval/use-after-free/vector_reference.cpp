// Participant list of a video-conference server.
#include <string>
#include <vector>

struct Participant {
    std::string name;
    bool muted = false;
};

// BAD: CWE-416
void joinAndMuteFirst(std::vector<Participant> &room, const std::string &name)
{
    Participant &first = room.front();
    room.push_back(Participant{name, false});
    first.muted = true; // FLAW: CWE-416
}

// GOOD: CWE-416
void joinAndMuteFirstFixed(std::vector<Participant> &room, const std::string &name)
{
    room.push_back(Participant{name, false});
    room.front().muted = true;
}

// GOOD: CWE-416
void muteAll(std::vector<Participant> &room)
{
    for (Participant &p : room)
        p.muted = true;
}
