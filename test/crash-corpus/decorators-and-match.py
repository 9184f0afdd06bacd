import subprocess


@decorator(lambda f: f)
@other.deco[0](x=lambda: (yield))
async def handler(*, a=..., **kw) -> "T":
    match kw:
        case {"cmd": str(c)} if c:
            await subprocess.run(c, shell=True)
        case [*_, last]:
            return last
        case _:
            pass
    async with ctx() as (x, y):
        async for i in aiter():
            yield i
    return [z async for z in q if (w := z)]


type Alias[T] = list[T]
lambda: (yield from x)
print(f"{'nested' f'{x!r:>{width}}'}")
