/**
 * Hedera Consensus Service message sizes: the network takes at most 1,024 bytes per
 * ConsensusSubmitMessage transaction; longer messages go in chunks (the SDK splits them, the mirror
 * reassembles them). The certificate's HCS summary must fit one chunk.
 */
export const HCS_CHUNK_BYTES = 1024
/** How many chunks the backend lets the SDK split one message into. */
export const HCS_MAX_CHUNKS = 20
