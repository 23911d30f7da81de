#pragma once
// The commands of one group commit (many callers' transactions in one MULTI/EXEC) folded into
// fewer commands with the same effect: in a storm every event of a batch appends to the same
// lists and sets the same incident head, and each command costs Redis and hiredis the same
// fixed work however small it is. Pure: commands in, commands out.
//
// Folded, when nothing between them touches the same key:
//   RPUSH k a … RPUSH k b           -> RPUSH k a b
//   ZADD k s1 m1 … ZADD k s2 m2     -> ZADD k s1 m1 s2 m2   (no flags such as NX on either)
//   HSET k f v1 … HSET k f v2 g w   -> HSET k f v2 g w      (a field set again keeps its last
//                                                            value, as sequential HSETs would)
// A command on the same key that is not folded (LTRIM, XADD, DEL, LRANGE…) ends the fold for
// that key; a command this file does not know (EVAL, a multi-key DEL…) ends every fold, so an
// unknown command is never reordered around. Inside MULTI/EXEC nobody sees the state between
// two commands, so moving an append to an earlier command of the same key changes nothing
// observable but that command's reply (a folded RPUSH answers the length after all appends).
#include <cstddef>
#include <string>
#include <vector>

namespace alarmd::store {

using redis_command = std::vector<std::string>;

struct coalesced_commands {
    std::vector<redis_command> commands;
    std::vector<std::size_t> origin;  // for each command given, the index of the one that does it
};

coalesced_commands coalesce(std::vector<redis_command> commands);

}  // namespace alarmd::store
