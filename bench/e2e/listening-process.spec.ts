import { listeningInodes } from './listening-process';

const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:B0BF 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 39549 1 0000000043b775f4 100 0 0 10 0
   1: 0100007F:B0BF 0100007F:E81C 01 00000000:00000000 00:00000000 00000000   101        0 40000 1 0000000043b775f4 100 0 0 10 0
   2: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 50 1 000000007a79ba25 100 0 0 10 0
`;
const tcp6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0000000000000000FFFF00000100007F:9206 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000001b2218c
`;

describe('listening sockets from /proc/net/tcp', () => {
  it('finds the listener of a port, not its connections', () => {
    expect(listeningInodes(tcp, 0xb0bf)).toEqual(['39549']);
    expect(listeningInodes(tcp, 2024)).toEqual(['50']);
    expect(listeningInodes(tcp, 9999)).toEqual([]);
  });

  it('reads IPv6 (and v4-mapped) addresses too', () => {
    expect(listeningInodes(tcp6, 0x9206)).toEqual(['777']);
  });
});
