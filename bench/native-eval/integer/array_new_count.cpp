// Vertex buffer of a small 3D viewer: counts come from a model file header.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <new>

struct Vertex {
    float x, y, z;
    float u, v;
};

class Mesh
{
public:
    bool allocate(std::uint32_t vertices, std::uint32_t perFace);
    bool allocateChecked(std::uint32_t vertices, std::uint32_t perFace);
    ~Mesh() { delete[] m_indices; delete[] m_vertices; }

private:
    Vertex *m_vertices = nullptr;
    std::uint32_t *m_indices = nullptr;
};

// BAD: CWE-190
bool Mesh::allocate(std::uint32_t vertices, std::uint32_t perFace)
{
    const std::uint32_t indexCount = vertices * perFace; // FLAW: CWE-190
    m_vertices = new Vertex[vertices];
    m_indices = new std::uint32_t[indexCount];
    return true;
}

// GOOD: CWE-190
bool Mesh::allocateChecked(std::uint32_t vertices, std::uint32_t perFace)
{
    if (perFace != 0 && vertices > std::numeric_limits<std::uint32_t>::max() / perFace)
        return false;
    const std::uint32_t indexCount = vertices * perFace;
    m_vertices = new (std::nothrow) Vertex[vertices];
    m_indices = new (std::nothrow) std::uint32_t[indexCount];
    return m_vertices != nullptr && m_indices != nullptr;
}
