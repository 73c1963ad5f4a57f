import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who holds the instances of one class in a heap dump: every reference to them from outside that class (instance
 * fields, static fields, array elements, and GC roots such as a thread's stack frame), counted by where it is.
 * <p>
 * Usage: {@code java scripts/HeapReferrers.java <dump.hprof> <class name>}, e.g. after
 * {@code jcmd <pid> GC.heap_dump /tmp/q.hprof}:
 * {@code java -Xmx2g scripts/HeapReferrers.java /tmp/q.hprof 'org.axonframework.eventsourcing.eventstore.EmbeddedEventStore$Node'}.
 * <p>
 * A single-file program because no heap analyser is installed where the benchmark runs; it found why the query side
 * ran out of memory (docs/BENCHMARKS.md, "Tuning", step 7). It reads the HPROF binary format twice: first the
 * class layouts and the ids of the instances, then the references to them.
 */
public final class HeapReferrers {

    private static final long CHUNK = 1L << 30;
    private static final int OBJECT = 2;

    private record Layout(long superclass, int[] types, long[] names) {
    }

    private final MappedByteBuffer[] chunks;
    private final long size;
    private final String target;
    private final Map<Long, String> strings = new HashMap<>();
    private final Map<Long, String> classNames = new HashMap<>();
    private final Map<Long, Layout> layouts = new HashMap<>();
    private final Set<Long> targetClasses = new HashSet<>();
    private final Set<Long> instances = new HashSet<>();
    private final Map<String, Integer> referrers = new HashMap<>();
    private int idSize;
    private long pos;

    private HeapReferrers(Path dump, String target) throws IOException {
        this.target = target;
        try (FileChannel channel = FileChannel.open(dump)) {
            size = channel.size();
            chunks = new MappedByteBuffer[(int) (size / CHUNK) + 1];
            for (int i = 0; i < chunks.length; i++) {
                chunks[i] = channel.map(FileChannel.MapMode.READ_ONLY, i * CHUNK, Math.min(CHUNK, size - i * CHUNK));
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java scripts/HeapReferrers.java <dump.hprof> <class name>");
            System.exit(2);
        }
        HeapReferrers heap = new HeapReferrers(Path.of(args[0]), args[1]);
        heap.scan(false);
        heap.scan(true);
        System.out.println(heap.instances.size() + " instances of " + args[1] + ", referenced from outside it by:");
        heap.referrers.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(50)
                .forEach(entry -> System.out.printf("%10d  %s%n", entry.getValue(), entry.getKey()));
    }

    private void scan(boolean references) {
        pos = 0;
        while (byteAt(pos) != 0) {
            pos++; // the format's name, e.g. "JAVA PROFILE 1.0.2"
        }
        pos++;
        idSize = u4();
        pos += 8; // the dump's time
        while (pos < size) {
            int tag = u1();
            pos += 4;
            long length = u4() & 0xffffffffL;
            long end = pos + length;
            switch (tag) {
                case 0x01 -> strings.putIfAbsent(id(), text((int) (end - pos)));
                case 0x02 -> loadClass();
                case 0x0c, 0x1c -> heapDump(end, references);
                default -> { }
            }
            pos = end;
        }
    }

    private void loadClass() {
        pos += 4;
        long classId = id();
        pos += 4;
        String name = strings.getOrDefault(id(), "?").replace('/', '.');
        classNames.put(classId, name);
        if (name.equals(target)) {
            targetClasses.add(classId);
        }
    }

    private void heapDump(long end, boolean references) {
        while (pos < end) {
            int subTag = u1();
            switch (subTag) {
                case 0xff, 0x05, 0x07 -> id();
                case 0x01 -> pos += 2L * idSize;
                case 0x02, 0x03 -> { // JNI local, Java frame: the object, the thread, the frame
                    long object = id();
                    pos += 8;
                    if (references && instances.contains(object)) {
                        count(subTag == 0x03 ? "GC root: a local variable in a thread's stack frame" : "GC root: JNI local");
                    }
                }
                case 0x04, 0x06 -> pos += idSize + 4L;
                case 0x08 -> pos += idSize + 8L;
                case 0x20 -> classDump(references);
                case 0x21 -> instanceDump(references);
                case 0x22 -> objectArray(references);
                case 0x23 -> { // primitive array
                    id();
                    pos += 4;
                    int length = u4();
                    int type = u1(); // read before pos is added to: `pos += f()` keeps the old pos
                    pos += (long) length * sizeOf(type);
                }
                default -> throw new IllegalStateException("unknown heap dump record " + subTag + " at " + pos);
            }
        }
    }

    private void classDump(boolean references) {
        long classId = id();
        pos += 4;
        long superclass = id();
        pos += 5L * idSize + 4; // loader, signers, protection domain, two reserved; instance size
        int constants = u2();
        for (int i = 0; i < constants; i++) {
            pos += 2;
            int type = u1();
            pos += sizeOf(type);
        }
        int statics = u2();
        for (int i = 0; i < statics; i++) {
            long name = id();
            int type = u1();
            if (type == OBJECT) {
                long object = id();
                if (references && instances.contains(object)) {
                    count("static " + className(classId) + "." + strings.get(name));
                }
            } else {
                pos += sizeOf(type);
            }
        }
        int fields = u2();
        int[] types = new int[fields];
        long[] names = new long[fields];
        for (int i = 0; i < fields; i++) {
            names[i] = id();
            types[i] = u1();
        }
        layouts.put(classId, new Layout(superclass, types, names));
    }

    private void instanceDump(boolean references) {
        long object = id();
        pos += 4;
        long classId = id();
        int length = u4();
        long next = pos + length;
        if (!references) {
            if (targetClasses.contains(classId)) {
                instances.add(object);
            }
        } else if (!targetClasses.contains(classId)) {
            // Fields are dumped class by class, from the object's own class up to Object.
            for (long c = classId; c != 0 && layouts.containsKey(c); c = layouts.get(c).superclass()) {
                Layout layout = layouts.get(c);
                for (int i = 0; i < layout.types().length; i++) {
                    if (layout.types()[i] != OBJECT) {
                        pos += sizeOf(layout.types()[i]);
                    } else if (instances.contains(id())) {
                        count(className(classId) + "." + strings.get(layout.names()[i]));
                    }
                }
            }
        }
        pos = next;
    }

    private void objectArray(boolean references) {
        id();
        pos += 4;
        int length = u4();
        long classId = id();
        if (!references) {
            pos += (long) length * idSize;
            return;
        }
        for (int i = 0; i < length; i++) {
            if (instances.contains(id())) {
                count("an element of " + className(classId));
            }
        }
    }

    private void count(String where) {
        referrers.merge(where, 1, Integer::sum);
    }

    private String className(long classId) {
        return classNames.getOrDefault(classId, "class#" + classId);
    }

    private int sizeOf(int type) {
        return switch (type) {
            case OBJECT -> idSize;
            case 4, 8 -> 1; // boolean, byte
            case 5, 9 -> 2; // char, short
            case 6, 10 -> 4; // float, int
            case 7, 11 -> 8; // double, long
            default -> throw new IllegalStateException("unknown basic type " + type + " at " + pos);
        };
    }

    private String text(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = byteAt(pos++);
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private byte byteAt(long at) {
        return chunks[(int) (at / CHUNK)].get((int) (at % CHUNK));
    }

    private int u1() {
        return byteAt(pos++) & 0xff;
    }

    private int u2() {
        return (u1() << 8) | u1();
    }

    private int u4() {
        return (u1() << 24) | (u1() << 16) | (u1() << 8) | u1();
    }

    private long id() {
        long value = 0;
        for (int i = 0; i < idSize; i++) {
            value = (value << 8) | u1();
        }
        return value;
    }
}
